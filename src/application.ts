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
import { Dispatcher, type RetryPolicy } from './dispatch/dispatcher.ts';
import { embeddedIntake } from './dispatch/embedded-intake.ts';
import { Journal } from './journal/journal.ts';
import { scheduleReconcile } from './reconcile/schedule-reconcile.ts';
import { runHooks } from './run/run-hooks.ts';
import { GithubHookRanges } from './guard/github-meta.ts';
import { HookFolder } from './hook-folder/hook-folder.ts';
import * as genvoyApi from './index.ts';
import { createLogger, lazyChild, pinoLevel, type Logger } from './log/logger.ts';
import { ambiguousUnderPrefix } from './route/ambiguous-names.ts';
import { knownEvents } from './route/known-events.ts';
import { route } from './route/route.ts';
import { answerClientErrors } from './receive/client-error.ts';
import { SpawnerPool } from './run/spawner-pool.ts';

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
  journal: Journal;
  log: Logger;
  stop(): Promise<void>;
}

/** Starts a genvoy server: config, GitHub's ranges, the hooks folder, then HTTP. */
export async function startGenvoy({ configFile, overrides = {}, logDestination }: StartOptions): Promise<Genvoy> {
  const initial = await loadConfig(configFile, overrides);
  const log = createLogger(initial.debug_level, logDestination);
  const config = new LiveConfig(initial, overrides, log);
  const github = new GithubHookRanges(log);
  const spawner = new SpawnerPool();
  /** A hooks folder whose modules can import 'genvoy' (types and defineHook). */
  const hookFolder = (config: Config) => {
    const opened = new HookFolder(config.hooks_path, log, { genvoy: genvoyApi });
    opened.scripts = config.legacy_scripts;
    return opened;
  };
  let folder = hookFolder(initial);

  warnAboutExposure(initial, log);
  if (initial.github_ips_only) await github.start(metaSource(initial));
  await folder.open();
  reportChildRule(initial, folder, log);

  const journal = new Journal(initial.journal_path);
  const dispatcher = new Dispatcher({
    journal,
    runHook: async (step, delivery) => {
      const current = config.current;
      const dlog = lazyChild(log, { delivery: delivery.id, event: delivery.event });
      const results = await runHooks([step], delivery, { folder, spawner, timeoutMs: current.hook_timeout_s * 1000, log: dlog, debug: log.isLevelEnabled('debug') });
      return results[step.hook]!;
    },
    retry: () => retryPolicy(config.current),
    parallel: initial.parallel,
    log,
  });
  const recovered = dispatcher.start();
  if (recovered > 0) log.info({ deliveries: recovered, journal: journal.file }, 'resuming deliveries whose hooks had not all run');
  const pruneOld = () => log.debug({ removed: journal.prune(Date.now() - config.current.journal_retention_days * 86_400_000) }, 'journal pruned');
  pruneOld();
  const pruning = setInterval(pruneOld, 6 * 3600_000).unref();
  const reconciling = scheduleReconcile({ config: initial.reconcile, env: process.env, known: journal, log });

  config.onChange((next, previous) => {
    log.level = pinoLevel(next.debug_level);
    if (next.github_ips_only) void github.start(metaSource(next));
    else github.stop();
    if (next.hooks_path !== previous.hooks_path) {
      const old = folder;
      folder = hookFolder(next);
      void folder.open().then(() => old.close());
    } else {
      folder.scripts = next.legacy_scripts;
    }
    if (next.child_hooks !== previous.child_hooks) reportChildRule(next, folder, log);
    dispatcher.parallel = next.parallel;
    if (next.secrets.length === 0 && previous.secrets.length > 0) warnAboutExposure(next, log);
  });
  await config.watch();

  const app = new Koa({ proxy: false });
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const intake = embeddedIntake(journal, dispatcher, log);
  const handler = deliver({ config, github, folder: () => folder, intake, log });
  const admin = new Router();
  admin.use(bearerToken(() => config.current.admin_token));
  replayRoutes(admin, intake, (delivery) => route(folder.names(), delivery.event, delivery, config.current.child_hooks, knownEvents), log);
  const deliveryPaths = [...new Set(['/', initial.path || '/'])];
  for (const path of deliveryPaths) router.post(path, handler); // so that the router answers 405 to a GET there
  app.use(answerErrors(log));
  // Deliveries are nearly all the traffic: they go straight to the handler, past the router's matching.
  app.use((ctx, next) => (ctx.method === 'POST' && deliveryPaths.includes(ctx.path) ? handler(ctx, next) : next()));
  app.use(router.routes());
  app.use(admin.routes());
  app.use(router.allowedMethods());
  app.silent = true; // errors are answered and logged by answerErrors

  const server = app.listen(initial.http_port, initial.http_host);
  server.on('clientError', answerClientErrors(log));
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${initial.http_host.includes(':') ? `[${initial.http_host}]` : initial.http_host}:${port}`;
  log.info({ url, config: initial.file, hooks: folder.dir, github_ranges: initial.github_ips_only ? github.origin : 'not checked' }, 'genvoy ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Connections left idle by deliveries that finish meanwhile are closed as they go idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      // Answers in flight go out (a sync one as 202 once the dispatcher stops); running hooks get the grace period.
      await Promise.all([closed, dispatcher.stop(config.current.stop_grace_s * 1000)]);
      clearInterval(sweep);
      clearInterval(pruning);
      await reconciling.stop();
      github.stop();
      await Promise.all([config.close(), folder.close(), spawner.close()]);
      journal.close();
      log.info('genvoy stopped');
    })());

  return { url, port, server, config, get folder() { return folder; }, journal, log, stop };
}

function retryPolicy(config: Config): RetryPolicy {
  return { attempts: config.retry_attempts, firstMs: config.retry_backoff_s * 1000, maxMs: config.retry_backoff_max_s * 1000 };
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

function reportChildRule(config: Config, folder: HookFolder, log: Logger): void {
  if (config.child_hooks !== 'prefix') return;
  for (const line of ambiguousUnderPrefix(folder.names(), knownEvents)) log.warn({ child_hooks: 'prefix' }, line);
}
