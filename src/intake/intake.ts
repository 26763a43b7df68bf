import type { HookResult } from '../pipeline/answer/hook-result.ts';
import type { ReplayScope } from './journal/journal-types.ts';
import type { Delivery } from '../pipeline/parse/delivery.ts';
import type { RouteStep } from '../pipeline/route/route.ts';

/**
 * Where a delivery goes once it has passed the guards and been routed: the embedded
 * journal and dispatcher, or a queue shared by several genvoy processes.
 */
export interface Intake {
  /**
   * Records the delivery, once per id, before it is answered, and queues the hooks it
   * still needs. A known id (GitHub's Redeliver) runs only the hooks that did not succeed.
   */
  take(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[]): Promise<Taken>;

  /**
   * Runs a recorded delivery again (`genvoy replay`), routed afresh against the hooks of
   * now: every hook, attempts counted from zero; or, `failed`, only the hooks that did not
   * succeed. Not while it is queued or running: its run in progress would write over the replay's.
   */
  replay(id: string, route: (delivery: Delivery) => RouteStep[], scope?: ReplayScope): Promise<Replayed>;

  /** Deliveries received since `since` (ms) with a hook that ran out of attempts, oldest first. */
  dead(since: number): Promise<string[]>;
}

/**
 * Where a delivery stands when a pass over its hooks is over: all succeeded, some wait
 * for a retry, or (none waiting) some ran out of attempts.
 */
export type PassOutcome = 'done' | 'retry' | 'dead';

export type Replayed = { kind: 'replayed'; hooks: string[] } | { kind: 'unknown' } | { kind: 'running' };

export type Taken =
  /** Nothing to run: no hook matched, or a redelivery whose hooks all succeeded (their recorded results). */
  | { kind: 'recorded'; results: Record<string, HookResult> }
  /** A redelivery of one whose hooks are still queued or running: nothing added. */
  | { kind: 'in-progress' }
  /** Kept by `genvoy relay` until a pull agent has taken it. */
  | { kind: 'relayed' }
  | {
      kind: 'queued';
      hooks: readonly string[];
      /** Results so far, filled in as hooks finish. */
      results: Record<string, HookResult>;
      /** True once every hook has run; false if genvoy stopped first. */
      done: Promise<boolean>;
    };
