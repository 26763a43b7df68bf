import type { Logger } from '../../base/logger.ts';
import type { Config, GitHubConnection } from '../../config/schema.ts';
import type { KnownDeliveries } from './decide.ts';
import { reconcile } from './reconcile.ts';
import { reconcileSettings } from './settings.ts';

export interface ScheduleReconcileOptions {
  config: Config['reconcile'];
  github: GitHubConnection;
  env: NodeJS.ProcessEnv;
  known: KnownDeliveries;
  log: Logger;
}

/** The first run waits at most this long, so that deliveries missed while genvoy was down are asked for soon after a start. */
const firstRunWithinMs = 60_000;

/**
 * Runs reconcile every `reconcile.every_min` minutes inside `genvoy serve` (0: never), the
 * first run within a minute of the start. A run starts only after the previous one ended.
 * The timer is unref'd: it never keeps the process alive. A settings problem (no hook, no
 * token) is logged once and nothing is scheduled. `stop()` ends the schedule and resolves
 * when a run in progress has ended.
 */
export function scheduleReconcile({ config, github, env, known, log }: ScheduleReconcileOptions): { stop(): Promise<void> } {
  const idle = { stop: async () => {} };
  if (config.every_min === 0) return idle;
  try {
    const { oldTokenVariable } = reconcileSettings(config, github, {}, env, Date.now());
    if (oldTokenVariable) log.warn({ variable: oldTokenVariable }, `reconcile: the token comes from ${oldTokenVariable}, the old way: set github_token or GENVOY_GITHUB_TOKEN`);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'reconcile: not scheduled');
    return idle;
  }
  const everyMs = config.every_min * 60_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout;
  const next = (ms: number) => {
    if (!stopped) timer = setTimeout(() => (running = run().finally(() => next(everyMs))), ms).unref();
  };
  const run = async () => {
    try {
      // Again each run: `since` counts back from now.
      const settings = reconcileSettings(config, github, {}, env, Date.now());
      // GitHub's client is loaded at the first run, not at every server's start.
      const { gitHubHook } = await import('./github-hook.ts');
      const result = await reconcile({ hook: gitHubHook(settings), since: settings.since, known: () => known, maxAttempts: settings.maxAttempts, dryRun: false });
      const redelivered = result.deliveries.filter((d) => d.outcome === 'redeliver' && d.error === undefined).map((d) => d.guid);
      const failed = result.deliveries.filter((d) => d.error !== undefined).map((d) => ({ guid: d.guid, error: d.error }));
      const gaveUp = result.deliveries.filter((d) => d.outcome === 'give up').map((d) => d.guid);
      log[failed.length > 0 ? 'warn' : 'info']({ attempts: result.attempts, deliveries: result.deliveries.length, redelivered, failed, gave_up: gaveUp }, 'reconcile done');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'reconcile stopped');
    }
  };
  next(Math.min(everyMs, firstRunWithinMs));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
