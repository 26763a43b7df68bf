import Router from '@koa/router';
import Koa from 'koa';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Overrides } from './config/load-config.ts';
import type { Config } from './config/schema.ts';
import { LiveConfig } from './config/watch-config.ts';
import { answerErrors, deliver } from './deliver.ts';
import { GithubHookRanges } from './guard/github-meta.ts';
import { HookFolder } from './hook-folder/hook-folder.ts';
import { createLogger, pinoLevel, type Logger } from './log/logger.ts';
import { ambiguousUnderPrefix } from './route/ambiguous-names.ts';
import { knownEvents } from './route/known-events.ts';
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
    const opened = new HookFolder(config.hooks_path, log, {
      provided: { genvoy: new URL('./index.ts', import.meta.url).href },
      threads: config.hook_threads,
      timeoutMs: config.hook_timeout_s * 1000,
    });
    opened.scripts = config.legacy_scripts;
    return opened;
  };
  let folder = hookFolder(initial);

  warnAboutExposure(initial, log);
  if (initial.github_ips_only) await github.start(metaSource(initial));
  await folder.open();
  reportChildRule(initial, folder, log);

  config.onChange((next, previous) => {
    log.level = pinoLevel(next.debug_level);
    if (next.github_ips_only) void github.start(metaSource(next));
    else github.stop();
    // A new folder has its own hook threads: each module is loaded afresh in the thread it is now pinned to.
    if (next.hooks_path !== previous.hooks_path || next.hook_threads !== previous.hook_threads) {
      const old = folder;
      folder = hookFolder(next);
      void folder.open().then(() => old.close());
    } else {
      folder.scripts = next.legacy_scripts;
    }
    if (next.child_hooks !== previous.child_hooks) reportChildRule(next, folder, log);
    if (next.secrets.length === 0 && previous.secrets.length > 0) warnAboutExposure(next, log);
  });
  await config.watch();

  const app = new Koa({ proxy: false });
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const handler = deliver({ config, github, folder: () => folder, spawner, log });
  const deliveryPaths = [...new Set(['/', initial.path || '/'])];
  for (const path of deliveryPaths) router.post(path, handler); // so that the router answers 405 to a GET there
  app.use(answerErrors(log));
  // Deliveries are nearly all the traffic: they go straight to the handler, past the router's matching.
  app.use((ctx, next) => (ctx.method === 'POST' && deliveryPaths.includes(ctx.path) ? handler(ctx, next) : next()));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.silent = true; // errors are answered and logged by answerErrors

  const server = app.listen(initial.http_port, initial.http_host);
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
      await closed; // in-flight deliveries finish first
      clearInterval(sweep);
      github.stop();
      await Promise.all([config.close(), folder.close(), spawner.close()]);
      log.info('genvoy stopped');
    })());

  return { url, port, server, config, get folder() { return folder; }, log, stop };
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
