import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { parseSince, sinceFormat } from '../config/since.ts';
import { configOption } from './options.ts';
import { serverUrl } from './server-url.ts';

interface ReplayOptions {
  config: string;
  failed?: boolean;
  since?: string;
  url?: string;
}

/**
 * `genvoy replay <id>` / `genvoy replay --failed [--since 3d]`: asks the running server to
 * run recorded deliveries again (it holds the journal and the hooks). Exit 0 when it took
 * them, 1 when it refused or could not be reached, 2 on a usage or config error.
 */
export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description('run a recorded delivery again, or every delivery whose hooks ran out of retries')
    .argument('[delivery-id]', 'the X-GitHub-Delivery of the delivery to run again')
    .option(...configOption)
    .option('--failed', 'replay every delivery whose hooks ran out of retries')
    .option('--since <when>', `with --failed: only those received since then (${sinceFormat})`, '7d')
    .option('--url <url>', "the server's URL (default: from the config's http_host and http_port)")
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (id: string | undefined, options: ReplayOptions) => {
      process.exitCode = await replay(id, options, process.env.GENVOY_ADMIN_TOKEN);
    });
}

async function replay(id: string | undefined, options: ReplayOptions, envToken: string | undefined): Promise<number> {
  const usage = (message: string) => (process.stderr.write(`genvoy replay: ${message}\n`), 2);
  if (Boolean(id) === Boolean(options.failed)) return usage('give a delivery id or --failed, not both');
  let config: Config;
  try {
    config = await loadConfig(options.config, { adminToken: envToken || undefined });
  } catch (err) {
    if (err instanceof ConfigError) return usage(err.message);
    throw err;
  }
  if (!config.admin_token) return usage('no admin token: set GENVOY_ADMIN_TOKEN (or admin_token in the config) to the server\'s');
  let path = `/deliveries/${encodeURIComponent(id ?? '')}/replay`;
  if (options.failed) {
    const since = parseSince(options.since ?? '', Date.now());
    if (!since) return usage(`--since "${options.since}": expected ${sinceFormat}`);
    path = `/deliveries/replay?since=${since.getTime()}`;
  }
  const url = new URL(path, options.url ?? serverUrl(config));
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${config.admin_token}` } });
  } catch (err) {
    process.stderr.write(`genvoy replay: cannot reach genvoy at ${url.origin}: ${(err as Error).cause ?? (err as Error).message}\n`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; hooks?: string[]; replayed?: Array<{ delivery: string; hooks: string[] }> };
  if (res.status !== 202) {
    process.stderr.write(`genvoy replay: ${res.status} ${body.error ?? res.statusText}\n`);
    return 1;
  }
  const lines = body.replayed ?? [{ delivery: id!, hooks: body.hooks ?? [] }];
  for (const r of lines) process.stdout.write(`${r.delivery}: ${r.hooks.length ? r.hooks.join(', ') : 'no hook matches it now'}\n`);
  if (options.failed) process.stdout.write(`${lines.length} failed deliveries replayed\n`);
  return 0;
}
