import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { parseSince, sinceFormat } from '../config/since.ts';
import { configured } from './support/configured.ts';
import { fetchFailure } from '../base/fetch-failure.ts';
import { configOption } from './support/options.ts';
import { printable } from './support/printable.ts';
import { serverUrl } from './support/server-url.ts';

interface ReplayOptions {
  config: string;
  failed?: boolean;
  since?: string;
  url?: string;
}

/**
 * `genvoy replay <id>` / `genvoy replay --failed [--since 3d]`: asks the running server to
 * run recorded deliveries again (it holds the journal and the hooks); the failed ones one by
 * one, with a `[i/n]` line each. Exit 0 when it took them all, 1 when it refused one or could
 * not be reached, 2 on a usage or config error.
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
    .action(async (id: string | undefined, options: ReplayOptions) => {
      process.exitCode = await replay(id, options, process.env.GENVOY_ADMIN_TOKEN);
    });
}

async function replay(id: string | undefined, options: ReplayOptions, envToken: string | undefined): Promise<number> {
  const usage = (message: string) => (process.stderr.write(`genvoy replay: ${message}\n`), 2);
  if (Boolean(id) === Boolean(options.failed)) return usage('give a delivery id or --failed, not both');
  const config = await configured('replay', () => loadConfig(options.config, { adminToken: envToken || undefined }));
  if (config === 2) return 2;
  if (!config.admin_token) return usage('no admin token: set GENVOY_ADMIN_TOKEN (or admin_token in the config) to the server\'s');
  const base = options.url ?? serverUrl(config);
  const call = (method: 'GET' | 'POST', path: string) => admin(method, new URL(path, base), config.admin_token);
  if (id) {
    const answer = await call('POST', `/deliveries/${encodeURIComponent(id)}/replay`);
    if (answer.status !== 202) return refused(answer);
    process.stdout.write(`${printable(id)}: ${hookList(answer.body.hooks)}\n`);
    return 0;
  }
  const since = parseSince(options.since ?? '', Date.now());
  if (!since) return usage(`--since "${options.since}": expected ${sinceFormat}`);
  const listed = await call('GET', `/deliveries/dead?since=${since.getTime()}`);
  if (listed.status !== 200) return refused(listed);
  const ids = listed.body.deliveries ?? [];
  // One request per delivery, so that a long list shows its progress and one refusal stops nothing.
  let replayed = 0;
  for (const [i, dead] of ids.entries()) {
    const answer = await call('POST', `/deliveries/${encodeURIComponent(dead)}/replay`);
    const done = answer.status === 202;
    if (done) replayed++;
    process.stdout.write(`[${i + 1}/${ids.length}] ${printable(dead)}: ${done ? hookList(answer.body.hooks) : `not replayed: ${answer.status} ${printable(answer.body.error ?? '')}`}\n`);
  }
  const notReplayed = ids.length - replayed;
  process.stdout.write(`${replayed} failed deliveries replayed${notReplayed ? `, ${notReplayed} not` : ''}\n`);
  return notReplayed ? 1 : 0;
}

interface AdminAnswer {
  status: number;
  body: { error?: string; hooks?: string[]; deliveries?: string[] };
  url: URL;
}

/** A call to the server's admin endpoints; a status of 0 when it cannot be reached. */
async function admin(method: 'GET' | 'POST', url: URL, token: string): Promise<AdminAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    return { status: 0, body: { error: `cannot reach genvoy at ${url.origin}: ${fetchFailure(err)}` }, url };
  }
  return { status: res.status, body: (await res.json().catch(() => ({ error: res.statusText }))) as AdminAnswer['body'], url };
}

function refused({ status, body }: AdminAnswer): number {
  process.stderr.write(`genvoy replay: ${status ? `${status} ` : ''}${printable(body.error ?? '')}\n`);
  return 1;
}

function hookList(hooks: string[] | undefined): string {
  return hooks?.length ? printable(hooks.join(', ')) : 'no hook matches it now';
}
