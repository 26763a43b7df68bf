import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { Journal } from '../intake/journal/journal.ts';
import type { KnownDeliveries } from '../ops/reconcile/decide.ts';
import { gitHubHook, type GitHubHookOptions } from '../ops/reconcile/github-hook.ts';
import { describeHookTarget } from '../config/hook-target.ts';
import { failedRedeliveries, reconcile } from '../ops/reconcile/reconcile.ts';
import { renderReport } from '../ops/reconcile/render-report.ts';
import { reconcileSettings } from '../ops/reconcile/settings.ts';
import { configured } from './support/configured.ts';
import { configOption } from './support/options.ts';

export interface ReconcileCommandOptions {
  config: string;
  hook?: string;
  apiUrl?: string;
  since?: string;
  dryRun?: boolean;
}

/** What the command takes from its surroundings; tests pass their own. */
export interface ReconcileIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  known(config: Config): KnownDeliveries | Promise<KnownDeliveries>;
  clock?: GitHubHookOptions['clock'];
}

/** Exit codes: 0 all went well, 1 GitHub refused something (a redelivery, the list), 2 usage or config. */
export type ReconcileExit = 0 | 1 | 2;

/**
 * The deliveries genvoy has journaled. The journal is not on this branch yet: the lead
 * replaces this body with the journal opened from `config`.
 */
function openKnownDeliveries(config: Config): KnownDeliveries {
  // Redis keeps finished jobs only `keep_days` and answers asynchronously: not wired yet.
  if (config.queue.type === 'redis') throw new Error('reconcile reads the embedded journal; with a Redis queue it is not available yet');
  return new Journal(config.journal_path);
}

/** `genvoy reconcile`, minus the process: prints what it found and did, returns the exit code. */
export async function runReconcileCommand(options: ReconcileCommandOptions, io: ReconcileIo): Promise<ReconcileExit> {
  const loaded = await configured(
    'reconcile',
    async () => {
      const config = await loadConfig(options.config);
      return { config, settings: reconcileSettings(config.reconcile, config.github, options, io.env, Date.now()) };
    },
    io.err,
  );
  if (loaded === 2) return 2;
  const { config, settings } = loaded;
  for (const { path, message } of config.warnings) io.err(`genvoy: ${path.join('.')}: ${message}\n`);
  if (settings.oldTokenVariable) io.err(`genvoy: reconcile: the token comes from ${settings.oldTokenVariable}, the old way: set github_token in the config or GENVOY_GITHUB_TOKEN\n`);
  io.out(`reconcile ${describeHookTarget(settings.target)} at ${settings.connection.apiUrl}${options.dryRun ? ' (dry run: nothing is redelivered)' : ''}\n`);
  const hook = gitHubHook({ ...settings, ...(io.clock && { clock: io.clock }) });
  let result;
  try {
    result = await reconcile({ hook, since: settings.since, known: () => io.known(config), maxAttempts: settings.maxAttempts, dryRun: options.dryRun ?? false });
  } catch (err) {
    io.err(`genvoy: reconcile stopped: ${(err as Error).message}\n`);
    return 1;
  }
  io.out(renderReport(result));
  return failedRedeliveries(result) > 0 ? 1 : 0;
}

/** `genvoy reconcile`: ask GitHub to redeliver what failed or never reached the journal. */
export function reconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description("ask GitHub to redeliver the hook's deliveries that failed or never reached the journal")
    .option(...configOption)
    .option('--since <when>', 'how far back: 90m, 36h, 3d or an ISO date (overrides reconcile.since)')
    .option('--dry-run', 'show what would be redelivered, redeliver nothing')
    .option('--hook <hook>', 'repos/OWNER/REPO/hooks/ID, orgs/ORG/hooks/ID or app (overrides reconcile.hook)')
    .option('--api-url <url>', 'GitHub API base URL, e.g. https://ghe.example.com/api/v3 (overrides github_api_url)')
    .action(async (options: ReconcileCommandOptions) => {
      process.exitCode = await runReconcileCommand(options, {
        env: process.env,
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        known: openKnownDeliveries,
      });
    });
}
