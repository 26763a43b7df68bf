import { QueueEvents } from 'bullmq';
import type { Logger } from '../../base/logger.ts';
import { withDeadline } from '../../base/within.ts';
import type { LiveConfig } from '../../config/watch-config.ts';
import type { Intake, Replayed, Taken } from '../intake.ts';
import type { ReplayScope } from '../journal/journal-types.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import { Rejection } from '../../pipeline/receive/rejection.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';
import { again, deliveryOf, fresh, jobIdOf, newJob, resultsOf } from './delivery-job.ts';
import { logErrors, type Partitions, type QueuedJob } from './partitions.ts';
import type { HookProgress } from './queue-worker.ts';

/** A delivery this process queued or ran again, whose answer may still wait for its hooks. */
interface Waiter {
  results: Record<string, HookResult>;
  done: Promise<boolean>;
  settle(done: boolean): void;
}

/**
 * The intake of a Redis setup: deliveries become BullMQ jobs whose id is the delivery id,
 * so that a delivery's hooks run once however many receivers got it. Workers anywhere run
 * them; this process learns of their results from the queues' event streams.
 */
export class RedisIntake implements Intake {
  /** By job id. */
  readonly #waiters = new Map<string, Waiter>();

  private constructor(
    private readonly partitions: Partitions,
    private readonly events: readonly QueueEvents[],
    private readonly config: LiveConfig,
    private readonly log: Logger,
  ) {
    for (const stream of events) {
      stream.on('progress', ({ jobId, data }) => {
        const { hook, result } = data as HookProgress;
        const waiter = this.#waiters.get(jobId);
        if (waiter) waiter.results[hook] = result;
      });
      // A pass over the hooks is over when the job completes, fails for good or waits for a retry.
      for (const event of ['completed', 'failed', 'delayed'] as const) stream.on(event, ({ jobId }: { jobId: string }) => this.#settle(jobId, true));
      logErrors(stream, log, { partition: stream.name });
    }
  }

  /** Listens to the partitions' events; `close()` stops listening (the partitions stay open). */
  static async open(partitions: Partitions, config: LiveConfig, log: Logger): Promise<RedisIntake> {
    const { connection } = partitions;
    const events = partitions.queues.map((queue) => new QueueEvents(queue.name, { connection, prefix: partitions.config.prefix }));
    await Promise.all(events.map((stream) => stream.waitUntilReady()));
    return new RedisIntake(partitions, events, config, log);
  }

  async take(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[]): Promise<Taken> {
    if (steps.length === 0) return { kind: 'recorded', results: {} };
    // Past the answer deadline GitHub gives up anyway: a Redis that does not answer is a 503.
    const deadlineMs = this.config.current.answer_deadline_s * 1000;
    try {
      return await withDeadline(this.#take(delivery, headers, steps), deadlineMs, () => {
        throw new Error(`no answer from Redis within ${deadlineMs / 1000} s`);
      });
    } catch (err) {
      this.#settle(jobIdOf(delivery.id), false);
      this.log.error({ delivery: delivery.id, event: delivery.event, error: (err as Error).message }, 'the queue did not take the delivery; answered 503 so that GitHub shows it failed');
      throw new Rejection(503, 'queue_unavailable', 'the queue (Redis) did not take the delivery; try again later');
    }
  }

  async #take(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[]): Promise<Taken> {
    const queue = this.partitions.of(delivery);
    const jobId = jobIdOf(delivery.id);
    const where = { delivery: delivery.id, event: delivery.event };
    const known = await queue.getJob(jobId);
    if (!known) {
      const waiter = this.#wait(jobId);
      // Two receivers may both get here with one id: BullMQ keeps the first job and ignores the second.
      await queue.add('delivery', newJob(delivery, headers, steps, Date.now()), { jobId, ...this.#keep() });
      return { kind: 'queued', hooks: steps.map((s) => s.hook), ...waiter };
    }
    const state = await known.getState();
    if (state === 'completed') {
      this.log.info(where, 'redelivery of a delivery whose hooks all succeeded: not run again, the recorded answer is repeated');
      return { kind: 'recorded', results: resultsOf(known.data.hooks) };
    }
    if (state !== 'failed') return this.#inProgress(where);
    const data = known.data;
    const redo = again(data.hooks);
    const waiter = this.#wait(jobId);
    try {
      await known.updateData(data);
      await known.retry('failed');
    } catch {
      // Another receiver took the same redelivery first.
      this.#settle(jobId, false);
      return this.#inProgress(where);
    }
    this.log.info({ ...where, hooks: redo.map((h) => h.hook) }, 'redelivery: the hooks that did not succeed run again');
    return { kind: 'queued', hooks: redo.map((h) => h.hook), ...waiter };
  }

  async replay(id: string, route: (delivery: Delivery) => RouteStep[], scope: ReplayScope = 'all'): Promise<Replayed> {
    const job = await this.partitions.find(id);
    if (!job) return { kind: 'unknown' };
    const state = await job.getState();
    if (state === 'active') return { kind: 'running' };
    const data = job.data;
    const delivery = deliveryOf(data);
    let hooks: string[];
    if (scope === 'failed') {
      const redo = again(data.hooks);
      // A replay gives each its retries again, as the journal's restartFailed does.
      for (const hook of redo) hook.attempts = 0;
      hooks = redo.map((h) => h.hook);
    }
    else hooks = (data.hooks = fresh(route(delivery))).map((h) => h.hook);
    await job.updateData(data);
    if (hooks.length > 0) await restart(job, state);
    this.log.info({ delivery: id, event: delivery.event, hooks, scope }, 'replay');
    return { kind: 'replayed', hooks };
  }

  async dead(since: number): Promise<string[]> {
    const failed = (await Promise.all(this.partitions.queues.map((queue) => queue.getFailed(0, -1)))).flat();
    return failed
      .filter((job) => job.data.received_at >= since)
      .sort((a, b) => a.data.received_at - b.data.received_at)
      .map((job) => job.data.delivery.id);
  }

  /** Stops listening; answers still waiting for hooks go out as they are (202). */
  async close(): Promise<void> {
    for (const jobId of [...this.#waiters.keys()]) this.#settle(jobId, false);
    if (this.partitions.reachable) await Promise.all(this.events.map((stream) => stream.close()));
    // With Redis away, BullMQ's close would wait for it forever: the streams are dropped instead.
    else for (const stream of this.events) stream.disconnect().catch(() => {});
  }

  /** Finished jobs are removed after `keep_days` (BullMQ removes them as later ones finish). */
  #keep() {
    const age = Math.round(this.partitions.config.keep_days * 86_400);
    return { removeOnComplete: { age }, removeOnFail: { age } };
  }

  /** Waits for the end of the job's pass; answers in this process for the same job share one waiter. */
  #wait(jobId: string): { results: Record<string, HookResult>; done: Promise<boolean> } {
    const known = this.#waiters.get(jobId);
    if (known) return known;
    const results: Record<string, HookResult> = {};
    let settle!: (done: boolean) => void;
    const done = new Promise<boolean>((resolve) => (settle = resolve));
    this.#waiters.set(jobId, { results, done, settle });
    return { results, done };
  }

  #settle(jobId: string, done: boolean): void {
    this.#waiters.get(jobId)?.settle(done);
    this.#waiters.delete(jobId);
  }

  #inProgress(where: object): Taken {
    this.log.info(where, 'redelivery of a delivery whose hooks are still queued or running: nothing added');
    return { kind: 'in-progress' };
  }
}

/** A finished job goes back in line; a queued one stays in its place, a delayed one runs now. */
async function restart(job: QueuedJob, state: string): Promise<void> {
  if (state === 'completed' || state === 'failed') await job.retry(state, { resetAttemptsMade: true });
  else if (state === 'delayed') await job.promote();
}
