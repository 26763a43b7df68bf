import type { Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { ConfigError } from '../base/config-error.ts';
import type { Logger } from '../base/logger.ts';
import { isShortToken, tokenTooShort } from '../config/schema.ts';
import type { LiveConfig } from '../config/watch-config.ts';
import { Journal } from '../intake/journal/journal.ts';
import { schedulePruning } from '../intake/journal/prune-schedule.ts';
import { agentStep, Outbox } from '../intake/relay/outbox.ts';
import { relayIntake } from '../intake/relay/relay-intake.ts';
import { agentPath } from '../intake/relay/relayed-delivery.ts';
import { Metrics } from '../ops/observe/metrics.ts';
import { observeRoutes } from '../ops/observe/observe-routes.ts';
import { agentAuth } from '../ops/relay/agent-auth.ts';
import { AgentStreams } from '../ops/relay/agent-stream.ts';
import { relayReadinessChecks } from '../ops/relay/relay-readiness.ts';
import { PayloadParser } from '../pipeline/parse/payload-parser.ts';
import { answerErrors, deliver } from './deliver.ts';
import { closeServer, listen, openReceiver, type ReceiverOptions } from './receiver.ts';
import { tokenGuard } from './token-guard.ts';

export interface RelayOptions extends ReceiverOptions {
  /** GENVOY_RELAY_TOKEN: taken besides the config's `relay.tokens`. */
  envToken?: string;
}

export interface Relay {
  url: string;
  port: number;
  server: Server;
  config: LiveConfig;
  journal: Journal;
  log: Logger;
  stop(): Promise<void>;
}

/**
 * `genvoy relay`: a public receiver with serve's guards (source address, signature, body
 * limits) that runs no hooks. It journals each delivery, answers 202, and keeps it until a
 * pull agent inside the private network has taken it (src/relay/pull-agent.ts).
 */
export async function startRelay({ envToken, ...options }: RelayOptions): Promise<Relay> {
  const { initial, config, github, log } = await openReceiver(options);
  const tokens = () => [...config.current.relay.tokens, ...(envToken ? [envToken] : [])];
  if (envToken !== undefined && isShortToken(envToken)) throw new ConfigError(`GENVOY_RELAY_TOKEN: ${tokenTooShort('a relay token')}`);
  if (tokens().length === 0) throw new ConfigError(`${initial.file}: no relay token: set GENVOY_RELAY_TOKEN or "relay.tokens" (agents authenticate with it; nothing is served without one)`);
  config.onChange(() => {
    if (tokens().length === 0) log.error('"relay.tokens" is now empty and GENVOY_RELAY_TOKEN is not set: every agent is refused');
  });

  const journal = new Journal(initial.journal_path, { role: 'relay' });
  const stopPruning = schedulePruning(journal, config, log);
  const outbox = new Outbox(journal);
  const streams = new AgentStreams(outbox, () => ({ heartbeatMs: config.current.relay.heartbeat_s * 1000, window: config.current.relay.window }), log);
  const metrics = new Metrics();
  const parser = new PayloadParser();
  metrics.watchConfig(config);
  const acknowledged = metrics.relay({ backlog: () => journal.backlog(), agents: () => (streams.connected ? 1 : 0) });
  await config.watch();

  const app = new Koa({ proxy: false });
  const router = new Router();
  const checks = relayReadinessChecks(config, journal, () => streams.connected);
  const guard = tokenGuard(config, log);
  observeRoutes(router, { metrics, checks, token: () => config.current.metrics_token, guard });
  const handler = deliver({ config, github, route: () => [agentStep], intake: relayIntake(outbox, log), log, parser, taken: metrics.taken });
  const deliveryPaths = [...new Set(['/', initial.path || '/'])];
  for (const path of deliveryPaths) router.post(path, handler);
  const agents = new Router({ prefix: agentPath });
  agents.use(agentAuth(tokens, guard, log));
  agents.get('/', streams.handle);
  agents.post('/:id/ack', async (ctx) => {
    const id = ctx.params.id!;
    const status = await outbox.acknowledge(id);
    acknowledged(status);
    ctx.status = status === 'unknown' ? 404 : 200;
    ctx.body = status === 'unknown' ? { error: `no delivery ${id} at this relay` } : { delivery: id, status };
  });
  app.use(answerErrors(log, metrics.rejected));
  app.use(router.routes());
  app.use(agents.routes());
  app.use(router.allowedMethods());
  app.silent = true;

  /** Ends the streams, then the config watch and the journal, once `closed` (the HTTP server) has. */
  const release = async (closed: Promise<void>) => {
    streams.close();
    await closed;
    github.stop();
    await config.close();
    stopPruning();
    journal.close();
    await parser.close();
  };
  let listening;
  try {
    listening = await listen(initial, log, metrics.rejected);
  } catch (err) {
    await release(Promise.resolve());
    throw err;
  }
  const { server, port, url } = listening;
  listening.serve(app);
  log.info({ url, config: initial.file, journal: journal.file, github_ranges: initial.github_ips_only ? github.origin : 'not checked' }, 'genvoy relay ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await release(closeServer(server));
      log.info('genvoy relay stopped');
    })());
  return { url, port, server, config, journal, log, stop };
}
