import { retryAfter } from '../../base/retry-after.ts';

type Headers = Record<string, string | number | undefined>;

/** GitHub asked to wait longer than reconcile may (or kept refusing): the run stops. */
export class RateLimitError extends Error {
  override name = 'RateLimitError';
}

/**
 * How long GitHub asks a client to wait before trying again (ms), or undefined when the
 * answer is no rate limit. Per GitHub's REST docs: `retry-after` first (a secondary limit);
 * else, with `x-ratelimit-remaining: 0`, until `x-ratelimit-reset`; else a 429 means a minute.
 * A 403 with neither header is a permission problem, not a limit.
 */
export function rateLimitWait(status: number, headers: Headers, now: number): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const asked = retryAfter(headers['retry-after'] === undefined ? null : String(headers['retry-after']), now);
  if (asked !== undefined) return asked;
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  return status === 429 ? 60_000 : undefined;
}
