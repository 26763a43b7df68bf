/**
 * Installation tokens, kept for @octokit/auth-app (its `cache` option) per App and API. Its own
 * cache keeps a token 59 minutes whatever GitHub said; this one until `marginMs` before the
 * token's `expires_at`, so that a token handed to a hook outlives a hook of up to five minutes
 * (a longer one asks its client again: octokit's auth fetches a fresh token). One per thread:
 * every hook of the thread shares its tokens.
 */
interface TokenCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** A token this close to its end is made anew: a hook or a script may run for minutes with it. */
export const marginMs = 5 * 60_000;

const caches = new Map<string, TokenCache>();

export function tokenCache(apiUrl: string, appId: string): TokenCache {
  const key = `${apiUrl} ${appId}`;
  let cache = caches.get(key);
  if (!cache) caches.set(key, (cache = expiringCache(() => Date.now())));
  return cache;
}

/** auth-app stores "token|createdAt|expiresAt|…": an entry lives until its expiresAt less the margin. */
function expiringCache(now: () => number): TokenCache {
  const entries = new Map<string, string>();
  const fresh = (value: string) => Date.parse(value.split('|')[2] ?? '') - marginMs > now();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined && fresh(value)) return value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      for (const [k, v] of entries) if (!fresh(v)) entries.delete(k);
      entries.set(key, value);
    },
  };
}
