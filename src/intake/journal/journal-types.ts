/**
 * What the journal's parts and their callers exchange: the states a delivery and its hooks
 * go through and the shapes they are read and recorded in. Types only, so every part and
 * caller can name them without importing the journal itself.
 */
import type { RouteStep } from '../../pipeline/route/route.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';

/**
 * Which kind of process keeps its deliveries in a journal: `serve` runs hooks on them, `relay`
 * keeps them for an agent. The two read the same tables differently, and would take each
 * other's deliveries, so a journal serves one role only.
 */
export type JournalRole = 'serve' | 'relay';

/** pending: to run; retry: failed, runs again at `next_at`; ok: done (or skipped); dead: out of attempts. */
export type HookState = 'pending' | 'retry' | 'ok' | 'dead';
/** pending while any hook is pending or waits for a retry; dead when one ran out of attempts; else done. */
export type DeliveryState = 'pending' | 'done' | 'dead';

export interface HookRun extends RouteStep {
  state: HookState;
  attempts: number;
  next_at: number | null;
  result: HookResult | null;
}

export interface StoredDelivery {
  seq: number;
  id: string;
  event: string;
  action: string | null;
  repository: string | null;
  branch: string | null;
  received_at: number;
  headers: Record<string, string>;
  state: DeliveryState;
  finished_at: number | null;
}

/** One earlier run of a delivery's hooks, set aside when it was run again. */
export interface EarlierRun {
  run: number;
  /** When it was set aside: the next run started. */
  ended_at: number;
  hooks: HookRun[];
}

/** Which hooks a replay runs: all the route has now, or only those that did not succeed last time. */
export type ReplayScope = 'all' | 'failed';

/** A delivery in a list: with how many hooks it was routed to (0: none matched). */
export interface ListedDelivery extends StoredDelivery {
  hooks: number;
}

/** A delivery as the web page lists it: with what it is searched by. */
export interface FoundDelivery extends Omit<ListedDelivery, 'headers' | 'finished_at'> {
  sender: string | null;
  title: string | null;
}

/** A delivery's outcome as the web page counts it: its state, or `none` when no hook matched. */
export type DeliveryOutcome = DeliveryState | 'none';

/** What a hook's run leaves it in: `ok`, or a failure that runs again at `nextAt`, or `dead`. */
export interface Outcome {
  state: Exclude<HookState, 'pending'>;
  nextAt: number | null;
  attempts: number;
  /** The delivery's state once this outcome is recorded. */
  delivery: DeliveryState;
}
export type Decide = (attempts: number) => Omit<Outcome, 'attempts' | 'delivery'>;

export type Accepted = { kind: 'new' } | { kind: 'known'; state: DeliveryState };
