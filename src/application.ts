import Router from '@koa/router';
import Koa from 'koa';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Overrides } from './config/load-config.ts';
import type { Config } from './config/schema.ts';
import { LiveConfig } from './config/watch-config.ts';
import { bearerToken } from './admin/bearer-token.ts';
import { replayRoutes } from './admin/replay-routes.ts';
import { answerErrors, deliver } from './deliver.ts';
import { retryPolicy } from './dispatch/backoff.ts';
import { Dispatcher } from './dispatch/dispatcher.ts';
import { embeddedIntake } from './dispatch/embedded-intake.ts';
import type { Intake } from './dispatch/intake.ts';
import { Journal } from './journal/journal.ts';
import { GithubHookRanges } from './guard/github-meta.ts';
import type { HookFolder } from './hook-folder/hook-folder.ts';
import { createLogger, pinoLevel, type Logger } from './log/logger.ts';
import { Partitions } from './queue/partitions.ts';
import { QueueWorker } from './queue/queue-worker.ts';
import { redactUrl } from './queue/redact-url.ts';
import { RedisIntake } from './queue/redis-intake.ts';
import { readinessChecks } from './observe/checks.ts';
import { Metrics } from './observe/metrics.ts';
import { observeRoutes } from './observe/observe-routes.ts';
import { embeddedQueueProbe, redisQueueProbe, type QueueProbe } from './observe/queue-probe.ts';
import { answerClientErrors } from './receive/client-error.ts';
import { scheduleReconcile } from './reconcile/schedule-reconcile.ts';
import { routeDelivery } from './route/route-delivery.ts';
import { HookEngine } from './run/hook-engine.ts';
import type { Delivery } from './parse/delivery.ts';
import { uiRoutes } from './ui/ui-routes.ts';

export interface StartOptions {
  configFile: string;
  overrides?: Overrides;
  /** Where log lines go (tests read them); default stdout. */
  logDestination?: Parameters<typeof createLogger>[1];
}

export interface Genvoy {
  url: string;
  port: number;
  server: Server;
  config: LiveConfig;
  folder: HookFolder;
  /** Where deliveries go: the embedded journal and dispatcher, or the Redis queue. */
  intake: Intake;
  /** The embedded journal; none with a Redis queue, where the jobs are the record. */
  journal: Journal | undefined;
  log: Logger;
  stop(): Promise<void>;
}

/** Starts a genvoy server: config, GitHub's ranges, the hooks folder, then HTTP. */
export async function startGenvoy({ configFile, overrides = {}, logDestination }: StartOptions): Promise<Genvoy> {
  const initial = await loadConfig(configFile, overrides);
  const log = createLogger(initial.debug_level, logDestination);
  const config = new LiveConfig(initial, overrides, log);
  const github = new GithubHookRanges(log);
  const hooks = new HookEngine(config, log);
  const metrics = new Metrics();
  metrics.watch(hooks, config);

  warnAboutExposure(initial, log);
  if (initial.github_ips_only) await github.start(metaSource(initial));
  await hooks.open();
  const { intake, journal, queue, stopWork, close: closeIntake } = await openIntake(initial, config, hooks, metrics, log);
  metrics.queueDepth(queue.depth);

  config.onChange((next, previous) => {
    log.level = pinoLevel(next.debug_level);
    if (next.github_ips_only) void github.start(metaSource(next));
    else github.stop();
    if (next.secrets.length === 0 && previous.secrets.length > 0) warnAboutExposure(next, log);
  });
  await config.watch();

  const app = new Koa({ proxy: false });
  const router = new Router();
  const checks = readinessChecks({ config, journal, queue: queue.check, folder: () => hooks.folder });
  observeRoutes(router, { metrics, checks, token: () => config.current.metrics_token });
  const handler = deliver({ config, github, folder: () => hooks.folder, intake, log, taken: metrics.taken });
  const admin = new Router();
  admin.use(bearerToken(() => config.current.admin_token));
  const route = (delivery: Delivery) => routeDelivery(hooks.folder.names(), delivery, config.current.child_hooks);
  replayRoutes(admin, intake, route, log);
  const ui = uiRoutes({ config, journal, intake, folder: () => hooks.folder, route, log });
  const deliveryPaths = [...new Set(['/', initial.path || '/'])];
  for (const path of deliveryPaths) router.post(path, handler); // so that the router answers 405 to a GET there
  app.use(answerErrors(log, metrics.rejected));
  // Deliveries are nearly all the traffic: they go straight to the handler, past the router's matching.
  app.use((ctx, next) => (ctx.method === 'POST' && deliveryPaths.includes(ctx.path) ? handler(ctx, next) : next()));
  app.use(router.routes());
  app.use(ui.routes());
  app.use(admin.routes());
  app.use(router.allowedMethods());
  app.silent = true; // errors are answered and logged by answerErrors

  const server = app.listen(initial.http_port, initial.http_host);
  server.on('clientError', answerClientErrors(log, metrics.rejected));
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${initial.http_host.includes(':') ? `[${initial.http_host}]` : initial.http_host}:${port}`;
  log.info({ url, config: initial.file, hooks: hooks.folder.dir, github_ranges: initial.github_ips_only ? github.origin : 'not checked' }, 'genvoy ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connections left idle by deliveries that finish meanwhile are closed as they go idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      // Running hooks get the grace period; then the hook threads end at once, and what they
      // cut short stays pending. Answers in flight go out meanwhile (a sync one as 202).
      await stopWork(config.current.stop_grace_s * 1000);
      const hooksClosed = hooks.close();
      await closed;
      clearInterval(sweep);
      github.stop();
      await Promise.all([config.close(), hooksClosed]);
      await closeIntake();
      log.info('genvoy stopped');
    })());

  return { url, port, server, config, get folder() { return hooks.folder; }, intake, journal, log, stop };
}

interface OpenIntake {
  intake: Intake;
  journal: Journal | undefined;
  queue: QueueProbe;
  /** Starts no more hooks; running ones get `graceMs` to finish. */
  stopWork(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded journal with this process's dispatcher, or the Redis queue, with a worker
 * in this process unless the config leaves the hooks to `genvoy worker`.
 */
async function openIntake(initial: Config, config: LiveConfig, hooks: HookEngine, metrics: Metrics, log: Logger): Promise<OpenIntake> {
  const retry = () => retryPolicy(config.current);
  if (initial.queue.type === 'redis') {
    const partitions = await Partitions.open(initial.queue, initial.parallel, log);
    const intake = await RedisIntake.open(partitions, config, log);
    const worker = initial.queue.work ? new QueueWorker(partitions, { runHook: hooks.runHook, retry, log, finished: metrics.finished }) : undefined;
    config.onChange((next, previous) => {
      if (next.parallel !== previous.parallel) log.warn({ parallel: next.parallel }, '"parallel" fixes the number of queue partitions in Redis: it takes effect only on a new queue');
    });
    log.info({ redis: redactUrl(initial.queue.url), prefix: initial.queue.prefix, partitions: initial.parallel, works: initial.queue.work }, 'deliveries go to the Redis queue');
    return {
      intake,
      journal: undefined,
      queue: redisQueueProbe(partitions),
      // Answers still waiting for hooks go out at once, as 202.
      stopWork: async (graceMs) => void (await Promise.all([intake.close(), worker?.stop(graceMs)])),
      close: () => partitions.close(),
    };
  }

  const journal = new Journal(initial.journal_path);
  const dispatcher = new Dispatcher({ journal, runHook: hooks.runHook, retry, parallel: initial.parallel, log, finished: metrics.finished });
  const recovered = dispatcher.start();
  if (recovered > 0) log.info({ deliveries: recovered, journal: journal.file }, 'resuming deliveries whose hooks had not all run');
  const pruneOld = () => {
    try {
      log.debug({ removed: journal.prune(Date.now() - config.current.journal_retention_days * 86_400_000) }, 'journal pruned');
    } catch (err) {
      log.error({ err, journal: journal.file }, 'pruning the journal failed; tried again in 6 hours');
    }
  };
  pruneOld();
  const pruning = setInterval(pruneOld, 6 * 3600_000).unref();
  const reconciling = scheduleReconcile({ config: initial.reconcile, env: process.env, known: journal, log });
  config.onChange((next) => {
    dispatcher.parallel = next.parallel;
  });
  return {
    intake: embeddedIntake(journal, dispatcher, log),
    journal,
    queue: embeddedQueueProbe(dispatcher),
    stopWork: (graceMs) => dispatcher.stop(graceMs),
    close: async () => {
      clearInterval(pruning);
      await reconciling.stop();
      journal.close();
    },
  };
}

function metaSource(config: Config) {
  return { url: config.github_meta_url, cacheDir: config.cache_path };
}

function warnAboutExposure(config: Config, log: Logger): void {
  if (config.secrets.length > 0) return;
  // GitHub's ranges serve every GitHub user's webhooks, so they alone prove nothing.
  log.warn(
    { port: config.http_port, github_ips_only: config.github_ips_only },
    `no secret set (enforce_secret or GENVOY_SECRET): anyone who can reach port ${config.http_port} can trigger hooks`,
  );
}

