import { decide, type KnownDeliveries, type Verdict } from './decide.ts';
import type { GitHubHook } from './github-hook.ts';
import { RateLimitError } from './rate-limit.ts';

export interface ReconcileOptions {
  hook: GitHubHook;
  since: Date;
  /** Opened once GitHub's list is in hand, so that a run GitHub refuses never touches it. */
  known: () => KnownDeliveries | Promise<KnownDeliveries>;
  maxAttempts: number;
  /** Decide and report, but ask GitHub for nothing. */
  dryRun: boolean;
}

/** A verdict and, for one that was to be redelivered, how asking GitHub went. */
export interface Reconciled extends Verdict {
  /** Set on a redelivery GitHub refused, or not tried because the rate limit stopped the run. */
  error?: string;
}

export interface ReconcileResult {
  since: Date;
  dryRun: boolean;
  pages: number;
  /** Attempts listed (a delivery GitHub sent three times counts three). */
  attempts: number;
  deliveries: Reconciled[];
}

/** Lists the hook's deliveries since `since`, decides, and asks GitHub to redeliver. */
export async function reconcile({ hook, since, known, maxAttempts, dryRun }: ReconcileOptions): Promise<ReconcileResult> {
  const listed = await hook.list(since);
  const deliveries: Reconciled[] = decide(listed.attempts, await known(), maxAttempts);
  let stopped: string | undefined;
  for (const delivery of deliveries) {
    if (delivery.outcome !== 'redeliver' || dryRun) continue;
    if (stopped) {
      delivery.error = `not tried: ${stopped}`;
      continue;
    }
    try {
      await hook.redeliver(delivery.latest.id);
    } catch (err) {
      delivery.error = (err as Error).message;
      if (err instanceof RateLimitError) stopped = err.message;
    }
  }
  return { since, dryRun, pages: listed.pages, attempts: listed.attempts.length, deliveries };
}

export function failedRedeliveries(result: ReconcileResult): number {
  return result.deliveries.filter((d) => d.error !== undefined).length;
}
