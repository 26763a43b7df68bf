import type { fetch, RequestInit } from 'undici';

/** fetch through the proxy the environment names, and how to let go of its connections. */
export interface ProxiedFetch {
  fetch(url: URL, init: Omit<RequestInit, 'dispatcher'>): ReturnType<typeof fetch>;
  close(): Promise<void>;
}

/**
 * fetch that goes out through the proxy HTTPS_PROXY / HTTP_PROXY name (lowercase first, as
 * curl reads them), except to the hosts NO_PROXY lists: Node's own fetch ignores these
 * variables. An https: URL goes through a CONNECT tunnel; a plain http: one is forwarded as
 * an ordinary proxy request, since proxies commonly allow CONNECT to port 443 only. undici is
 * loaded here, when first needed, so that genvoy's other commands start without it.
 */
export async function proxiedFetch(): Promise<ProxiedFetch> {
  const undici = await import('undici');
  const dispatcher = new undici.EnvHttpProxyAgent({ proxyTunnel: false });
  return {
    fetch: (url, init) => undici.fetch(url, { ...init, dispatcher }),
    close: () => dispatcher.destroy(),
  };
}

/**
 * The proxy the environment names for `url`'s scheme, fit for a log line (scheme, host and
 * port: never a user or password), and NO_PROXY as set; undefined when none is set.
 */
export function proxyInEnv(url: URL, env: NodeJS.ProcessEnv): { proxy: string; no_proxy: string | undefined } | undefined {
  const http = env.http_proxy ?? env.HTTP_PROXY;
  const set = url.protocol === 'https:' ? (env.https_proxy ?? env.HTTPS_PROXY) || http : http;
  if (!set) return undefined;
  let proxy;
  try {
    proxy = new URL(set).origin;
  } catch {
    proxy = 'set, but not a URL';
  }
  return { proxy, no_proxy: env.no_proxy ?? env.NO_PROXY };
}
