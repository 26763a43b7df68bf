import { setTimeout as sleepFor } from 'node:timers/promises';
import { fetchFailure } from '../../base/fetch-failure.ts';
import { retryAfter } from '../../base/retry-after.ts';
import { scrub } from './webhook-origin.ts';

export interface PostOptions {
  timeoutMs: number;
  /** Attempts after the first, on 429, 5xx and network errors. */
  retries: number;
  signal?: AbortSignal;
  /** Waits between attempts; tests pass one that records the delays. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface PostResult {
  ok: boolean;
  attempts: number;
  status?: number;
  /** Why it failed, without the URL. */
  reason?: string;
}

/** A Retry-After longer than this is not waited for: the hook would time out meanwhile. */
const maxWaitMs = 60_000;

/**
 * POSTs a JSON body, retrying 429s, 5xx answers and network errors with exponential backoff
 * (or the Retry-After the target asks for). Never throws; the reason never holds the URL.
 */
export async function postJson(url: string, body: string, { timeoutMs, retries, signal, sleep = (ms, signal) => sleepFor(ms, undefined, { signal }) }: PostOptions): Promise<PostResult> {
  let reason = '';
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number | undefined;
    let status: number | undefined;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'genvoy' },
        body,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      const text = (await res.text()).slice(0, 300).trim();
      if (res.ok) return { ok: true, attempts: attempt, status };
      reason = `HTTP ${res.status}${text ? `: ${text}` : ''}`;
      if (res.status !== 429 && res.status < 500) return { ok: false, attempts: attempt, status, reason: scrub(reason, url) };
      retryAfterMs = retryAfter(res.headers.get('retry-after'));
    } catch (err) {
      if (signal?.aborted) return { ok: false, attempts: attempt, reason: 'stopped: the hook was aborted' };
      reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : fetchFailure(err);
    }
    if (attempt > retries) return { ok: false, attempts: attempt, status, reason: scrub(`${reason} after ${attempt} attempt${attempt > 1 ? 's' : ''}`, url) };
    const delay = retryAfterMs ?? Math.min(8000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
    if (delay > maxWaitMs) return { ok: false, attempts: attempt, status, reason: scrub(`${reason}; Retry-After ${Math.round(delay / 1000)} s is too long to wait`, url) };
    try {
      await sleep(delay, signal);
    } catch {
      return { ok: false, attempts: attempt, status, reason: 'stopped: the hook was aborted' };
    }
  }
}
