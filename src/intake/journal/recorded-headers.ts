import type { IncomingHttpHeaders } from 'node:http';

/** GitHub's own headers are kept; anything else (cookies, auth, proxies' additions) is not. */
export function recordedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    if ((name.startsWith('x-github-') && name !== 'x-github-token') || name === 'user-agent' || name === 'content-type') kept[name] = value;
  }
  return kept;
}
