import type { Logger } from '../base/logger.ts';
import { withDeadline } from '../base/within.ts';
import type { HookResult } from '../pipeline/answer/hook-result.ts';
import { withFacts, type Delivery } from '../pipeline/parse/delivery.ts';
import type { RouteStep } from '../pipeline/route/route.ts';
import { afterRun, succeeded, type RetryPolicy } from './backoff.ts';
import type { PassOutcome } from './intake.ts';
import type { Outcome } from './journal/journal-types.ts';
import type { Journal } from './journal/journal.ts';
import { FILE_BYTES } from './journal/payload-files.ts';
import { Slots } from './slots.ts';
import { Turns, type Turn } from './turns.ts';

export interface DispatchDeps {
  journal: Journal;
  /** Runs one hook (module or script) for a delivery. */
  runHook: (step: RouteStep, delivery: Delivery) => Promise<HookResult>;
  /** Read for every hook run, so that config edits apply to the next one. */
  retry: () => RetryPolicy;
  /** How many hooks run at once. */
  parallel: number;
  /**
   * Whether a hook keeps its repository's order (its run for a delivery waits for its run for
   * the repository's delivery before); read when a delivery is queued. Every hook does unless told.
   */
  ordered?: (hook: string) => boolean;
  log: Logger;
  /** Told when a pass over a delivery's hooks has run and been journaled (metrics). */
  finished?: (delivery: Delivery, outcome: PassOutcome) => void;
}

/** One delivery's pass through some of its hooks. */
export interface Run {
  readonly delivery: Delivery;
  readonly steps: readonly RouteStep[];
  /** Results so far, keyed by hook, in route order. */
  readonly results: Record<string, HookResult>;
  /**
   * Resolves true once every step has run and its outcome is journaled; false when genvoy
   * stopped before they all could, or an outcome could not be journaled.
   */
  readonly done: Promise<boolean>;
}

/**
 * Payload bytes that waiting deliveries keep in memory (of those under FILE_BYTES). Past it, a delivery waits with its
 * facts alone and its payload is read back from the journal when its first hook's turn
 * comes: a backlog of thousands waits in the journal, not in the heap.
 */
const HELD_BYTES = 16 * 1024 * 1024;

/** A pass over a delivery's steps: whether all ran and were journaled, and the last outcome committed. */
interface Pass {
  complete: boolean;
  last?: Outcome;
}

/**
 * Runs journaled deliveries' hooks, up to `parallel` at once. A delivery runs its hooks one
 * after another, in route order; an ordered hook's run for a delivery waits for its run for
 * the same repository's delivery before (in the order they arrived), and nothing else does:
 * a slow hook holds back only itself in its repository. Each hook's outcome is journaled
 * before the delivery's next hook, or the hook's next run in the repository, starts; a
 * failed hook is retried with exponential backoff until it runs out of attempts, and only
 * the hooks that failed run again.
 */
export class Dispatcher {
  readonly #slots: Slots;
  readonly #turns = new Turns();
  /** Passes that have started a hook: a stop waits for them. */
  readonly #running = new Set<Promise<void>>();
  /** Deliveries submitted and not yet finished here, by id, with how many runs they have queued. */
  readonly #queued = new Map<string, number>();
  /** Retries due while their delivery still has a pass here: submitted once it has ended. */
  readonly #afterPass = new Map<string, Array<() => void>>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #started = false;
  #stopping = false;
  /** The `done` of runs not started yet: at a stop they will not start. */
  readonly #unstarted = new Set<(complete: boolean) => void>();
  #abandoned = false;
  /** Payload bytes held by the deliveries queued here (HELD_BYTES). */
  #held = 0;

  constructor(private readonly deps: DispatchDeps) {
    this.#slots = new Slots(deps.parallel);
  }

  set parallel(limit: number) {
    this.#slots.limit = limit;
  }

  /** Whether it takes deliveries: from start() until stop(). */
  get running(): boolean {
    return this.#started && !this.#stopping;
  }

  /** Picks up what the journal holds: hooks a stop or crash interrupted, then the retries. */
  start(): number {
    this.#started = true;
    const unfinished = this.deps.journal.unfinished();
    for (const { id, steps } of unfinished) {
      const delivery = this.deps.journal.delivery(id);
      if (delivery) this.submit(delivery, steps);
    }
    this.#scheduleRetries(this.deps.journal.nextDue());
    return unfinished.length;
  }

  /** Whether a delivery has a run waiting or running here (a redelivery then adds nothing). */
  queued(id: string): boolean {
    return this.#queued.has(id);
  }

  /** Queues the steps of a journaled delivery: each ordered one behind the same hook's earlier runs in its repository. */
  submit(delivery: Delivery, steps: readonly RouteStep[]): Run {
    // No closure here refers to `delivery`: one would keep its payload alive while it waits.
    const results: Record<string, HookResult> = {};
    const started = performance.now();
    this.#queued.set(delivery.id, (this.#queued.get(delivery.id) ?? 0) + 1);
    let resolve!: (complete: boolean) => void;
    const done = new Promise<boolean>((r) => (resolve = r));
    // Stopping: it stays journaled for the next start, and an answer waiting for it goes out now.
    if (this.#stopping) {
      resolve(false);
      return { delivery, steps, results, done };
    }
    const turns = this.#takeTurns(steps, delivery.lane);
    this.#unstarted.add(resolve);
    // A payload the journal keeps in a file (FILE_BYTES and more) waits in the memory the threads
    // share, outside the budget: read back, it would hold up the thread answering HTTP.
    const large = delivery.json.length >= FILE_BYTES;
    const held = large || this.#held + delivery.json.length <= HELD_BYTES ? delivery.json.length : 0;
    const counted = large ? 0 : held;
    this.#held += counted;
    const waiting = held > 0 ? delivery : withFacts(delivery, delivery, Buffer.alloc(0));
    void this.#pass(waiting, held, counted, steps, turns, results, started, resolve);
    return { delivery, steps, results, done };
  }

  /** Its places in the order, taken at arrival, whenever each hook's turn comes. */
  #takeTurns(steps: readonly RouteStep[], lane: string): Array<Turn | undefined> {
    return steps.map((step) => ((this.deps.ordered?.(step.hook) ?? true) ? this.#turns.take(`${step.hook}\0${lane}`) : undefined));
  }

  /**
   * Starts no more hooks and waits up to `graceMs` for the running ones. What has not run
   * stays pending in the journal and runs at the next start.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    for (const resolve of this.#unstarted) resolve(false);
    this.#unstarted.clear();
    this.#slots.stop();
    const finished = await withDeadline(Promise.all(this.#running).then(() => true), graceMs, () => false);
    this.#abandoned = !finished;
    if (!finished) this.deps.log.warn({ stop_grace_s: graceMs / 1000 }, 'hooks still running at the end of the grace period; they run again at the next start');
  }

  /**
   * One pass over a delivery's steps, from waiting for its first turn to telling who waits for
   * it. `held`: the payload bytes it holds, 0 when it waited without them; `counted`: those of HELD_BYTES.
   */
  async #pass(
    delivery: Delivery,
    held: number,
    counted: number,
    steps: readonly RouteStep[],
    turns: ReadonlyArray<Turn | undefined>,
    results: Record<string, HookResult>,
    started: number,
    resolve: (complete: boolean) => void,
  ): Promise<void> {
    let pass: Pass = { complete: false };
    let running: Promise<void> | undefined;
    let ran = () => {};
    const begin = () => {
      // From its first hook on, a stop waits for it (within the grace period) rather than answering for it.
      this.#unstarted.delete(resolve);
      running = new Promise<void>((end) => (ran = end));
      this.#running.add(running);
    };
    try {
      pass = await this.#run(delivery, held > 0 ? () => delivery : () => this.#readBack(delivery), steps, turns, results, started, begin);
    } catch (err) {
      this.deps.log.error({ err, delivery: delivery.id }, 'running hooks failed inside genvoy; the delivery stays journaled');
    } finally {
      // A pass cut short lets the hooks' next runs go on (or, at a stop, see it and end too).
      for (const turn of turns) turn?.end();
    }
    // The last outcome committed knows the delivery's state after all of them.
    if (pass.complete && pass.last) this.deps.finished?.(delivery, pass.last.delivery === 'pending' ? 'retry' : pass.last.delivery);
    const left = this.#queued.get(delivery.id)! - 1;
    if (left === 0) {
      this.#queued.delete(delivery.id);
      const due = this.#afterPass.get(delivery.id);
      this.#afterPass.delete(delivery.id);
      due?.forEach((submit) => submit());
    } else this.#queued.set(delivery.id, left);
    this.#unstarted.delete(resolve);
    this.#held -= counted;
    resolve(pass.complete);
    if (running) this.#running.delete(running);
    ran();
  }

  /**
   * Runs the steps in order, each in its turn and with a slot. A hook is done only once its
   * outcome is committed: only then does its result count (the answer shows it), and the
   * delivery's next hook, or the hook's next run in the repository, start. So after a kill -9
   * the hooks that run again are those running at the kill, at most `parallel`; the commit
   * costs one turn of the event loop, shared by every hook that finished in it.
   */
  async #run(
    waiting: Delivery,
    full: () => Delivery,
    steps: readonly RouteStep[],
    turns: ReadonlyArray<Turn | undefined>,
    results: Record<string, HookResult>,
    started: number,
    begin: () => void,
  ): Promise<Pass> {
    const pass: Pass = { complete: true };
    const failed: string[] = [];
    let delivery = waiting;
    for (const [i, step] of steps.entries()) {
      const turn = turns[i];
      if (turn?.before) await turn.before;
      if (this.#stopping || !(await this.#slots.take(delivery.lane))) return { complete: false };
      try {
        if (i === 0) {
          begin();
          delivery = full();
        }
        const result = await this.deps.runHook(step, delivery);
        // Past the grace period the hook was cut short: it stays pending, to run again at the next start.
        if (this.#abandoned) return { complete: false };
        if (!succeeded(result)) failed.push(step.hook);
        try {
          pass.last = await this.#record(delivery.id, step.hook, result);
          results[step.hook] = result;
        } catch (err) {
          // Not journaled, so it runs again at the next start: the answer does not show it as done.
          pass.complete = false;
          this.deps.log.error({ err, delivery: delivery.id, hook: step.hook }, 'a hook outcome could not be journaled; the hook runs again at the next start');
        }
      } finally {
        this.#slots.give();
        turn?.end();
      }
    }
    if (!this.deps.log.isLevelEnabled('info')) return pass;
    this.deps.log.info(
      {
        delivery: delivery.id,
        event: delivery.event,
        action: delivery.action,
        repository: delivery.repository,
        branch: delivery.branch,
        hooks: steps.map((s) => s.hook),
        failed: failed.length ? failed : undefined,
        duration_ms: Math.round(performance.now() - started),
      },
      'delivery handled',
    );
    return pass;
  }

  /** A delivery that waited without its payload, with it again from the journal. */
  #readBack(waiting: Delivery): Delivery {
    const text = this.deps.journal.payload(waiting.id);
    if (text === undefined) throw new Error(`delivery ${waiting.id} is no longer in the journal`);
    return withFacts(waiting, waiting, Buffer.from(text, 'utf8'));
  }

  /** Journals a hook's outcome; a failure is retried later, or is dead, and the log says which. */
  async #record(id: string, hook: string, result: HookResult): Promise<Outcome> {
    const policy = this.deps.retry();
    const outcome = await this.deps.journal.record(id, hook, result, (attempts) => afterRun(result, attempts, policy, Date.now()));
    if (succeeded(result)) return outcome;
    const where = { delivery: id, hook, attempts: outcome.attempts };
    if (outcome.state === 'retry') {
      this.#scheduleRetries(outcome.nextAt!);
      this.deps.log.warn({ ...where, retry_at: new Date(outcome.nextAt!).toISOString() }, `run ${outcome.attempts + 1} of ${policy.attempts} scheduled`);
    } else if (policy.attempts > 1) {
      this.deps.log.error(where, `hook failed ${outcome.attempts} times: no retries left (replay it once fixed)`);
    }
    return outcome;
  }

  /**
   * Runs `submit` once the delivery has no pass here: a retry of its first hook must not run
   * beside its later hooks, which a delivery runs one after another.
   */
  #whenPassEnded(id: string, submit: () => void): void {
    if (!this.#queued.has(id)) return submit();
    const due = this.#afterPass.get(id);
    if (due) due.push(submit);
    else this.#afterPass.set(id, [submit]);
  }

  /** One timer, set for the earliest retry; when it fires each due retry waits for its hook's turn (and its delivery's pass). */
  #scheduleRetries(at: number | undefined): void {
    if (at === undefined || this.#stopping || at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    // Node runs a timeout longer than 2^31 - 1 ms at once: a far retry is reached in steps.
    this.#timer = setTimeout(() => {
      this.#timerAt = Infinity;
      try {
        for (const { id, steps } of this.deps.journal.takeDue()) {
          const delivery = this.deps.journal.delivery(id);
          if (delivery) this.#whenPassEnded(id, () => this.submit(delivery, steps));
        }
        this.#scheduleRetries(this.deps.journal.nextDue());
      } catch (err) {
        this.deps.log.error({ err }, 'reading due retries from the journal failed; trying again in a minute');
        this.#scheduleRetries(Date.now() + 60_000);
      }
    }, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
    this.#timer.unref();
  }
}
