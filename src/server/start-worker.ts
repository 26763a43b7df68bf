import { ConfigError } from '../base/config-error.ts';
import { createLogger, pinoLevel, type Logger } from '../base/logger.ts';
import { redactUrl } from '../base/redact-url.ts';
import { loadConfig, type Overrides } from '../config/load-config.ts';
import { LiveConfig } from '../config/watch-config.ts';
import { retryPolicy } from '../intake/backoff.ts';
import { Partitions } from '../intake/redis/partitions.ts';
import { QueueWorker } from '../intake/redis/queue-worker.ts';
import { HookEngine } from '../runtime/hook-engine.ts';
import { hookModules } from './hook-modules.ts';

export interface WorkerOptions {
  configFile: string;
  overrides?: Overrides;
  /** Where log lines go (tests read them); default stdout. */
  logDestination?: Parameters<typeof createLogger>[1];
}

export interface GenvoyWorker {
  config: LiveConfig;
  log: Logger;
  /** Takes no more deliveries, lets running hooks finish up to `stop_grace_s`, and closes. */
  stop(): Promise<void>;
}

/** Starts a worker: runs the hooks of deliveries on the config's Redis queue, with its hooks folder. No HTTP. */
export async function startWorker({ configFile, overrides = {}, logDestination }: WorkerOptions): Promise<GenvoyWorker> {
  const initial = await loadConfig(configFile, overrides);
  if (initial.queue.type !== 'redis') throw new ConfigError(`${initial.file}: "queue": genvoy worker takes deliveries from a Redis queue; set {"type": "redis", "url": …}`);
  const log = createLogger(initial.debug_level, logDestination);
  const config = new LiveConfig(initial, overrides, log);
  const hooks = new HookEngine(config, log, hookModules);
  await hooks.open();
  const partitions = await Partitions.open(initial.queue, initial.parallel, log);
  const worker = new QueueWorker(partitions, { runHook: hooks.runHook, retry: () => retryPolicy(config.current), log });
  config.onChange((next) => {
    log.level = pinoLevel(next.debug_level);
  });
  await config.watch();
  log.info({ redis: redactUrl(initial.queue.url), prefix: initial.queue.prefix, partitions: initial.parallel, config: initial.file, hooks: hooks.folder.dir }, 'genvoy worker ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await worker.stop(config.current.stop_grace_s * 1000);
      await Promise.all([config.close(), hooks.close()]);
      await partitions.close();
      log.info('genvoy worker stopped');
    })());
  return { config, log, stop };
}
