import type { Logger } from '../base/logger.ts';
import { redactUrl } from '../base/redact-url.ts';
import type { Config, RedisQueueConfig } from '../config/schema.ts';
import type { LiveConfig } from '../config/watch-config.ts';
import { retryPolicy } from '../intake/backoff.ts';
import { Partitions } from '../intake/redis/partitions.ts';
import { QueueWorker } from '../intake/redis/queue-worker.ts';
import { RedisIntake } from '../intake/redis/redis-intake.ts';
import type { Metrics } from '../ops/observe/metrics.ts';
import { redisQueueProbe } from '../ops/observe/queue-probe.ts';
import type { HookEngine } from '../runtime/hook-engine.ts';
import type { OpenIntake } from './open-intake.ts';

/** The Redis queue as a server's intake, with a worker in this process unless the config leaves the hooks to `genvoy worker`. */
export async function openRedisQueue(queue: RedisQueueConfig, initial: Config, config: LiveConfig, hooks: HookEngine, metrics: Metrics, log: Logger): Promise<OpenIntake> {
  const retry = () => retryPolicy(config.current);
  const partitions = await Partitions.open(queue, initial.parallel, log);
  const intake = await RedisIntake.open(partitions, config, log);
  const worker = queue.work ? new QueueWorker(partitions, { runHook: hooks.runHook, retry, log, finished: metrics.finished }) : undefined;
  config.onChange((next, previous) => {
    if (next.parallel !== previous.parallel) log.warn({ parallel: next.parallel }, '"parallel" fixes the number of queue partitions in Redis: it takes effect only on a new queue');
  });
  log.info({ redis: redactUrl(queue.url), prefix: queue.prefix, partitions: initial.parallel, works: queue.work }, 'deliveries go to the Redis queue');
  return {
    intake,
    journal: undefined,
    queue: redisQueueProbe(partitions),
    // Answers still waiting for hooks go out at once, as 202.
    stopWork: async (graceMs) => void (await Promise.all([intake.close(), worker?.stop(graceMs)])),
    close: () => partitions.close(),
  };
}
