import { EnvHttpProxyAgent } from 'undici';

/**
 * What carries requests out through the proxy that HTTPS_PROXY / HTTP_PROXY name (lowercase
 * first, as curl reads them), except to the hosts NO_PROXY lists: Node's own fetch ignores
 * these variables. An https: URL goes through a CONNECT tunnel; a plain http: one is forwarded
 * as an ordinary proxy request, since proxies commonly allow CONNECT to port 443 only.
 */
export function proxyDispatcher(): EnvHttpProxyAgent {
  return new EnvHttpProxyAgent({ proxyTunnel: false });
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
