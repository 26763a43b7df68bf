import type { fetch, RequestInit } from 'undici';
import { ConfigError } from './config-error.ts';

/** The proxies the environment names, as URLs, and NO_PROXY as set. */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** fetch through the proxy the environment names, and how to let go of its connections. */
export interface ProxiedFetch {
  fetch(url: URL, init: Omit<RequestInit, 'dispatcher'>): ReturnType<typeof fetch>;
  close(): Promise<void>;
}

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, lowercase first, as curl reads them: a proxy without a
 * scheme (`proxy.corp:3128`, which curl takes) is an http:// one; HTTPS falls back to HTTP's.
 * A value that is no proxy URL is a ConfigError naming the variable (never the value: it may
 * hold a password).
 */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const read = (lower: string, upper: string): string | undefined => {
    const name = env[lower] ? lower : upper;
    const value = env[name];
    if (!value) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value.includes('://') ? value : `http://${value}`);
    } catch {}
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new ConfigError(`${name} is not a proxy URL such as "http://proxy.example.com:3128"`);
    return url.href;
  };
  const httpProxy = read('http_proxy', 'HTTP_PROXY');
  return { httpProxy, httpsProxy: read('https_proxy', 'HTTPS_PROXY') ?? httpProxy, noProxy: env.no_proxy ?? env.NO_PROXY };
}

/**
 * fetch that goes out through the proxies `settings` name, except to the hosts NO_PROXY lists:
 * Node's own fetch ignores these variables. An https: URL goes through a CONNECT tunnel; a plain
 * http: one is forwarded as an ordinary proxy request, since proxies commonly allow CONNECT to
 * port 443 only. undici is loaded here, when first needed, so that genvoy's other commands
 * start without it.
 */
export async function proxiedFetch(settings: ProxySettings): Promise<ProxiedFetch> {
  const undici = await import('undici');
  // Both given, so that undici does not read the raw variables again.
  const dispatcher = new undici.EnvHttpProxyAgent({ proxyTunnel: false, httpProxy: settings.httpProxy ?? '', httpsProxy: settings.httpsProxy ?? '', noProxy: settings.noProxy ?? '' });
  return {
    fetch: (url, init) => undici.fetch(url, { ...init, dispatcher }),
    close: () => dispatcher.destroy(),
  };
}

/**
 * The proxy for `url`'s scheme, fit for a log line (scheme, host and port: never a user or
 * password), and NO_PROXY as set; undefined when none is set.
 */
export function proxyFor(url: URL, settings: ProxySettings): { proxy: string; no_proxy: string | undefined } | undefined {
  const set = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  return set ? { proxy: new URL(set).origin, no_proxy: settings.noProxy } : undefined;
}
