import type { Config } from '../config/schema.ts';
import type { HookResult } from '../pipeline/answer/hook-result.ts';

export interface RetryPolicy {
  /** Runs in all, the first included. */
  attempts: number;
  firstMs: number;
  maxMs: number;
}

export function retryPolicy(config: Config): RetryPolicy {
  return { attempts: config.retry_attempts, firstMs: config.retry_backoff_s * 1000, maxMs: config.retry_backoff_max_s * 1000 };
}

/** The wait before retry number `attempt` (1 for the first): doubles each time, capped. */
export function backoff(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(firstMs * 2 ** (attempt - 1), maxMs);
}

/** A skipped hook did what it should: it is not retried. */
export function succeeded(result: HookResult): boolean {
  return result.status === 'ok' || result.status === 'skipped';
}

/** What a hook's run leaves it in, from its result and its number of runs so far (this one included). */
export function afterRun(result: HookResult, attempts: number, policy: RetryPolicy, now: number): { state: 'ok' | 'retry' | 'dead'; nextAt: number | null } {
  if (succeeded(result)) return { state: 'ok', nextAt: null };
  if (attempts >= policy.attempts) return { state: 'dead', nextAt: null };
  return { state: 'retry', nextAt: now + backoff(attempts, policy.firstMs, policy.maxMs) };
}
