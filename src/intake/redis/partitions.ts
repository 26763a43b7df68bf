import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ConfigError } from '../../base/config-error.ts';
import type { Logger } from '../../base/logger.ts';
import { redactUrl } from '../../base/redact-url.ts';
import { stableIndex } from '../../base/stable-index.ts';
import type { RedisQueueConfig } from '../../config/schema.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { DeliveryJob } from './delivery-job.ts';
import { jobIdOf } from './delivery-job.ts';

export type DeliveryQueue = Queue<DeliveryJob, Record<string, unknown>, 'delivery'>;
export type QueuedJob = Job<DeliveryJob, Record<string, unknown>, 'delivery'>;

/** BullMQ's states of a job not finished yet ('waiting' counts a paused queue's too). */
const unfinishedStates = ['waiting', 'prioritized', 'waiting-children', 'active', 'delayed'] as const;

/** The partition of a delivery's lane (its repository): the same in every process. */
export function partitionOf(lane: string, count: number): number {
  return stableIndex(lane, count);
}

/**
 * The queues deliveries wait in on Redis: one per partition (`parallel` of them), each
 * running one delivery at a time across all workers (BullMQ's global concurrency), and a
 * repository always in the same partition, so that its deliveries run in arrival order.
 */
export class Partitions {
  private constructor(
    readonly queues: readonly DeliveryQueue[],
    readonly config: RedisQueueConfig,
    /** This process's connection; BullMQ opens its own beside it for blocking reads. */
    readonly connection: Redis,
  ) {}

  /**
   * Connects and opens the partition queues. The first process to open them fixes their
   * number in Redis; a process configured with another `parallel` is refused, since it
   * would send a repository's deliveries to another partition and break their order.
   */
  static async open(config: RedisQueueConfig, parallel: number, log: Logger): Promise<Partitions> {
    const connection = connect(config.url, log);
    const countKey = `${config.prefix}:partitions`;
    await connection.set(countKey, String(parallel), 'NX');
    const fixed = Number(await connection.get(countKey));
    if (fixed !== parallel) {
      connection.disconnect();
      throw new ConfigError(
        `"parallel" is ${parallel}, but the queue at ${redactUrl(config.url)} (prefix "${config.prefix}") has ${fixed} partitions: ` +
          `use "parallel": ${fixed} in every genvoy process of this setup (to change it, stop them all once the queue is empty and delete the key ${countKey})`,
      );
    }
    const queues = Array.from({ length: parallel }, (_, i) => new Queue<DeliveryJob, Record<string, unknown>, 'delivery'>(`p${i}`, { connection, prefix: config.prefix }));
    for (const queue of queues) logErrors(queue, log, { partition: queue.name });
    await Promise.all(queues.map(async (queue) => {
      await queue.waitUntilReady();
      await queue.setGlobalConcurrency(1);
    }));
    return new Partitions(queues, config, connection);
  }

  /** Whether Redis answers now. */
  get reachable(): boolean {
    return this.connection.status === 'ready';
  }

  /** Redis's answer to a PING; at once an error while the connection is down (a PING would wait for it). */
  async ping(): Promise<string> {
    if (!this.reachable) throw new Error(`no connection to Redis (${this.connection.status})`);
    return this.connection.ping();
  }

  /**
   * Deliveries not finished in all partitions, in every genvoy process of the setup: waiting
   * (paused included), running, or waiting for a retry (delayed). Finished and dead ones are not.
   */
  async depth(): Promise<number> {
    const counts = await Promise.all(this.queues.map((queue) => queue.getJobCountByTypes(...unfinishedStates)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** The queue of the delivery's repository. */
  of(delivery: Delivery): DeliveryQueue {
    return this.queues[partitionOf(delivery.lane, this.queues.length)]!;
  }

  /** A delivery's job, wherever it is. */
  async find(deliveryId: string): Promise<QueuedJob | undefined> {
    const id = jobIdOf(deliveryId);
    const found = await Promise.all(this.queues.map((queue) => queue.getJob(id)));
    return found.find((job) => job !== undefined);
  }

  async close(): Promise<void> {
    if (!this.reachable) {
      this.connection.disconnect();
      return;
    }
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.connection.quit();
  }
}

const connectionTrouble = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Logs the errors of a BullMQ object. Lost connections are left out: the connection says
 * once per outage that Redis is unreachable, where BullMQ would repeat it every second.
 */
export function logErrors(emitter: { on(event: 'error', listener: (err: Error) => void): unknown }, log: Logger, where: Record<string, unknown>): void {
  emitter.on('error', (err) => {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code && connectionTrouble.has(code)) || err.message === 'Connection is closed.') return;
    log.error({ err, ...where }, 'queue error');
  });
}

/**
 * A connection that keeps trying while Redis is away (BullMQ's blocking reads need
 * `maxRetriesPerRequest: null`), saying so once per outage, the URL without its password.
 */
function connect(url: string, log: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.error({ redis: redactUrl(url), error: err.message }, 'Redis unreachable; retrying');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: redactUrl(url) }, 'Redis reachable again');
  });
  return redis;
}
