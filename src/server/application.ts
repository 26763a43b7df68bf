import type { Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { bearerToken } from '../base/bearer-token.ts';
import type { Logger } from '../base/logger.ts';
import { LiveConfig } from '../config/watch-config.ts';
import type { Intake } from '../intake/intake.ts';
import { Journal } from '../intake/journal/journal.ts';
import { replayRoutes } from '../ops/admin/replay-routes.ts';
import { readinessChecks } from '../ops/observe/checks.ts';
import { Metrics } from '../ops/observe/metrics.ts';
import { observeRoutes } from '../ops/observe/observe-routes.ts';
import { uiRoutes } from '../ops/ui/ui-routes.ts';
import type { Delivery } from '../pipeline/parse/delivery.ts';
import { PayloadParser } from '../pipeline/parse/payload-parser.ts';
import { routeDelivery } from '../pipeline/route/route-delivery.ts';
import type { RouteStep } from '../pipeline/route/route.ts';
import { HookEngine } from '../runtime/hook-engine.ts';
import type { HookFolder } from '../runtime/hook-folder/hook-folder.ts';
import { answerErrors, deliver } from './deliver.ts';
import { hookModules } from './hook-modules.ts';
import { openEmbeddedJournal, type OpenIntake } from './open-intake.ts';
import { closeServer, listen, openReceiver, type ReceiverOptions } from './receiver.ts';
import { tokenGuard } from './token-guard.ts';

export type StartOptions = ReceiverOptions;

export interface Genvoy {
  url: string;
  port: number;
  server: Server;
  config: LiveConfig;
  folder: HookFolder;
  /** Where deliveries go: the embedded journal and dispatcher, or the Redis queue. */
  intake: Intake;
  /** The hooks a delivery runs now (a pull agent routes what the relay hands it). */
  route(delivery: Delivery): RouteStep[];
  /** The embedded journal; none with a Redis queue, where the jobs are the record. */
  journal: Journal | undefined;
  log: Logger;
  stop(): Promise<void>;
}

/**
 * Starts a genvoy server: config and GitHub's ranges, the port, the hooks folder, the journal
 * or queue, then the routes. The port comes first: a second genvoy started by mistake on the
 * same config stops there, before it resumes the first one's deliveries.
 */
export async function startGenvoy(options: StartOptions): Promise<Genvoy> {
  const { initial, config, github, log } = await openReceiver(options);
  const metrics = new Metrics();
  let listening;
  try {
    listening = await listen(initial, log, metrics.rejected);
  } catch (err) {
    github.stop();
    await config.close();
    throw err;
  }
  const { server, port, url } = listening;
  const hooks = new HookEngine(config, log, hookModules);
  const parser = new PayloadParser();
  let opened: OpenIntake | undefined;
  /** Ends the work, the hooks and the journal or queue (what is open of them) and the HTTP server. */
  const release = async (graceMs: number) => {
    const closed = closeServer(server);
    // Running hooks get the grace period; then the hook threads end at once, and what they
    // cut short stays pending. Answers in flight go out meanwhile (a sync one as 202).
    await opened?.stopWork(graceMs);
    const hooksClosed = hooks.close();
    await closed;
    github.stop();
    await Promise.all([config.close(), hooksClosed, parser.close()]);
    await opened?.close();
  };
  try {
    metrics.watch(hooks, config);
    await hooks.open();
    // Redis and BullMQ are loaded only by a server that uses them.
    opened =
      initial.queue.type === 'redis'
        ? await (await import('./open-redis-queue.ts')).openRedisQueue(initial.queue, initial, config, hooks, metrics, log)
        : openEmbeddedJournal(initial, config, hooks, metrics, log);
    await config.watch();
  } catch (err) {
    await release(0);
    throw err;
  }
  const { intake, journal, queue } = opened;
  metrics.queueDepth(queue.depth);

  const app = new Koa({ proxy: false });
  const router = new Router();
  const checks = readinessChecks({ config, journal, queue: queue.check, folder: () => hooks.folder });
  const guard = tokenGuard(config, log);
  observeRoutes(router, { metrics, checks, token: () => config.current.metrics_token, guard });
  const route = (delivery: Delivery) => routeDelivery(hooks.folder.names(), delivery, config.current.child_hooks);
  const handler = deliver({ config, github, route, intake, log, parser, taken: metrics.taken });
  const admin = new Router();
  admin.use(bearerToken(() => config.current.admin_token, guard));
  replayRoutes(admin, intake, route, log);
  const ui = uiRoutes({ config, journal, intake, folder: () => hooks.folder, route, log, throttle: guard.throttle });
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
  listening.serve(app);
  log.info({ url, config: initial.file, hooks: hooks.folder.dir, github_ranges: initial.github_ips_only ? github.origin : 'not checked' }, 'genvoy ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await release(config.current.stop_grace_s * 1000);
      log.info('genvoy stopped');
    })());

  return { url, port, server, config, get folder() { return hooks.folder; }, intake, route, journal, log, stop };
}
