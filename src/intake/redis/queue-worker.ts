import { DelayedError, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { RetryPolicy } from '../backoff.ts';
import { succeeded } from '../backoff.ts';
import type { Logger } from '../../base/logger.ts';
import { withDeadline } from '../../base/within.ts';
import type { PassOutcome } from '../intake.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';
import { deliveryOf, dueHooks, recordRun, resultsOf, verdict, type DeliveryJob } from './delivery-job.ts';
import { logErrors, type Partitions, type QueuedJob } from './partitions.ts';

/** What a worker reports as each hook finishes (a BullMQ progress event), for the answer waiting at the receiver. */
export interface HookProgress {
  hook: string;
  result: HookResult;
}

export interface QueueWorkerDeps {
  /** Runs one hook (module or script) for a delivery. */
  runHook: (step: RouteStep, delivery: Delivery) => Promise<HookResult>;
  /** Read for every hook run, so that config edits apply to the next one. */
  retry: () => RetryPolicy;
  log: Logger;
  /** Told when a pass over a delivery's hooks is over (metrics). */
  finished?: (delivery: Delivery, outcome: PassOutcome) => void;
}

/**
 * Runs queued deliveries' hooks: one BullMQ worker per partition, each taking one delivery
 * at a time. A delivery's hooks run in order; each result is written into the job as it
 * is known, so that a delivery taken over from a dead worker runs only what had not
 * finished. Failed hooks wait in the delayed set for their retry, then run alone; a
 * delivery with a hook out of attempts ends in the failed set (dead).
 */
export class QueueWorker {
  readonly #workers: Worker<DeliveryJob>[];
  /** Deliveries running here, by job id, with the lock token that lets this worker move them. */
  readonly #running = new Map<string, { job: QueuedJob; token: string }>();
  /** Jobs given back to the queue at the end of the grace period: their late results are not written. */
  readonly #abandoned = new Set<string>();
  #stopping = false;

  constructor(
    partitions: Partitions,
    private readonly deps: QueueWorkerDeps,
  ) {
    const { connection, config } = partitions;
    this.#workers = partitions.queues.map((queue) => {
      const worker = new Worker<DeliveryJob>(queue.name, (job, token) => this.#process(job as QueuedJob, token!), {
        connection,
        prefix: config.prefix,
        concurrency: 1,
        lockDuration: config.lock_s * 1000,
        stalledInterval: config.lock_s * 1000,
        maxStalledCount: config.max_stalls,
      });
      logErrors(worker, deps.log, { partition: queue.name });
      worker.on('stalled', (jobId) => deps.log.warn({ job: jobId, partition: queue.name }, 'a worker stopped renewing its claim on a delivery: it runs again'));
      return worker;
    });
  }

  /**
   * Takes no more deliveries and waits up to `graceMs` for the running hooks. A delivery
   * whose hooks have not all run goes back to the front of its queue, for another worker
   * or the next start.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    // Nothing to wait for: a forced close does not wait for Redis either, should it be away.
    const force = this.#running.size === 0;
    const finished = await withDeadline(Promise.all(this.#workers.map((worker) => worker.close(force))).then(() => true), graceMs, () => false);
    if (finished) return;
    this.deps.log.warn({ stop_grace_s: graceMs / 1000, deliveries: [...this.#running.keys()] }, 'hooks still running at the end of the grace period; their deliveries go back to the queue');
    await Promise.all(
      [...this.#running].map(async ([id, { job, token }]) => {
        this.#abandoned.add(id);
        await job.moveToWait(token).catch((err: Error) => this.deps.log.error({ job: id, error: err.message }, 'could not give a delivery back to the queue; it runs again once its claim expires'));
      }),
    );
  }

  async #process(job: QueuedJob, token: string): Promise<Record<string, unknown>> {
    const data = job.data;
    const delivery = deliveryOf(data);
    const started = performance.now();
    this.#running.set(job.id!, { job, token });
    try {
      const ran: string[] = [];
      for (const hook of dueHooks(data.hooks, Date.now())) {
        if (this.#stopping) return await this.#giveBack(job, token);
        const result = await this.deps.runHook(hook, delivery);
        if (this.#abandoned.has(job.id!)) throw new WaitingError();
        const policy = this.deps.retry();
        recordRun(hook, result, policy, Date.now());
        ran.push(hook.hook);
        await job.updateData(data);
        await job.updateProgress({ hook: hook.hook, result } satisfies HookProgress);
        if (succeeded(result)) continue;
        const where = { delivery: delivery.id, hook: hook.hook, attempts: hook.attempts };
        if (hook.state === 'retry') this.deps.log.warn({ ...where, retry_at: new Date(hook.next_at!).toISOString() }, `retry ${hook.attempts + 1} of ${policy.attempts} scheduled`);
        else if (policy.attempts > 1) this.deps.log.error(where, `hook failed ${hook.attempts} times: no retries left (replay it once fixed)`);
      }
      const outcome = verdict(data.hooks);
      this.deps.finished?.(delivery, outcome.state);
      if (this.deps.log.isLevelEnabled('info')) {
        const failed = data.hooks.filter((h) => ran.includes(h.hook) && h.state !== 'ok').map((h) => h.hook);
        const { id, event, action, repository, branch } = delivery;
        this.deps.log.info({ delivery: id, event, action, repository, branch, hooks: ran, failed: failed.length ? failed : undefined, duration_ms: Math.round(performance.now() - started) }, 'delivery handled');
      }
      if (outcome.state === 'retry') {
        await job.moveToDelayed(outcome.at, token);
        throw new DelayedError();
      }
      if (outcome.state === 'dead') throw new UnrecoverableError(`hooks out of attempts: ${outcome.hooks.join(', ')}`);
      return resultsOf(data.hooks);
    } finally {
      this.#running.delete(job.id!);
      this.#abandoned.delete(job.id!);
    }
  }

  /** Stopping: the delivery goes back to the front of its queue, its finished hooks recorded. */
  async #giveBack(job: QueuedJob, token: string): Promise<never> {
    await job.moveToWait(token);
    throw new WaitingError();
  }
}
