import { afterRun, type RetryPolicy } from '../backoff.ts';
import type { HookState } from '../journal/journal-types.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import { payloadFacts } from '../../pipeline/parse/payload-facts.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';

/** One hook of a queued delivery: what the journal keeps per hook, kept in the job instead. */
export interface JobHook extends RouteStep {
  state: HookState;
  /** Runs so far. */
  attempts: number;
  /** When a hook in state `retry` is due (ms). */
  next_at: number | null;
  result: HookResult | null;
}

/** A BullMQ job's data: the delivery as received and where each of its hooks stands. */
export interface DeliveryJob {
  /** `lane` and `deletesRef` are absent from jobs queued by an earlier genvoy: read from the payload then. */
  delivery: { id: string; event: string; action?: string; repository?: string; branch?: string; lane?: string; deletesRef?: boolean; json: string };
  received_at: number;
  /** The delivery's headers, without secrets. */
  headers: Record<string, string>;
  hooks: JobHook[];
}

/** Where a delivery stands once a pass over its due hooks is over. */
export type Verdict = { state: 'done' } | { state: 'retry'; at: number } | { state: 'dead'; hooks: string[] };

export function newJob(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[], now: number): DeliveryJob {
  const { id, event, action, repository, branch, lane, deletesRef } = delivery;
  return { delivery: { id, event, action, repository, branch, lane, deletesRef, json: delivery.json.toString('utf8') }, received_at: now, headers, hooks: fresh(steps) };
}

/** Hooks as a replay starts them: all pending, attempts from zero. */
export function fresh(steps: readonly RouteStep[]): JobHook[] {
  return steps.map(({ hook, parent }) => ({ hook, parent, state: 'pending', attempts: 0, next_at: null, result: null }));
}

/** The delivery as the hooks see it, rebuilt from the job. */
export function deliveryOf(job: DeliveryJob): Delivery {
  const { json, lane, deletesRef, ...head } = job.delivery;
  let payload: Record<string, unknown> | undefined;
  // Parsed when first read: a worker hands hooks the JSON text, and only a replay's routing reads it.
  const parsed = () => (payload ??= JSON.parse(json) as Record<string, unknown>);
  const facts = lane !== undefined && deletesRef !== undefined ? { lane, deletesRef } : payloadFacts(head.event, parsed());
  return {
    ...head,
    ...facts,
    json: Buffer.from(json, 'utf8'),
    get payload() {
      return parsed();
    },
  };
}

/**
 * The BullMQ job id of a delivery: its id, except that BullMQ refuses ids that read as
 * integers; those get a `_`, which no delivery id contains, so that no two deliveries meet.
 */
export function jobIdOf(deliveryId: string): string {
  return String(Number.parseInt(deliveryId, 10)) === deliveryId ? `_${deliveryId}` : deliveryId;
}

/** The hooks a pass runs now: the pending ones, and the failed ones whose retry is due. */
export function dueHooks(hooks: readonly JobHook[], now: number): JobHook[] {
  return hooks.filter((h) => h.state === 'pending' || (h.state === 'retry' && h.next_at! <= now));
}

/** Records a hook's run in place: its result, one more attempt, and the state that leaves it in. */
export function recordRun(hook: JobHook, result: HookResult, policy: RetryPolicy, now: number): void {
  hook.attempts += 1;
  hook.result = result;
  const { state, nextAt } = afterRun(result, hook.attempts, policy, now);
  hook.state = state;
  hook.next_at = nextAt;
}

/** Still to run while any hook is pending or waits for a retry; dead when one ran out of attempts; else done. */
export function verdict(hooks: readonly JobHook[]): Verdict {
  const retries = hooks.filter((h) => h.state === 'retry' || h.state === 'pending');
  if (retries.length > 0) return { state: 'retry', at: Math.min(...retries.map((h) => h.next_at ?? 0)) };
  const dead = hooks.filter((h) => h.state === 'dead').map((h) => h.hook);
  return dead.length > 0 ? { state: 'dead', hooks: dead } : { state: 'done' };
}

/** A redelivery of one that failed: the hooks that did not succeed run again, their attempts kept. */
export function again(hooks: JobHook[]): JobHook[] {
  const redo = hooks.filter((h) => h.state !== 'ok');
  for (const hook of redo) {
    hook.state = 'pending';
    hook.next_at = null;
  }
  return redo;
}

/** The results recorded so far, by hook, in route order. */
export function resultsOf(hooks: readonly JobHook[]): Record<string, HookResult> {
  return Object.fromEntries(hooks.flatMap((h) => (h.result ? [[h.hook, h.result]] : [])));
}
