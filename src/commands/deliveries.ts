import { InvalidArgumentError, type Command } from 'commander';
import { parseSince, sinceFormat } from '../config/since.ts';
import type { HookRun, StoredDelivery } from '../intake/journal/journal-types.ts';
import { configOption, repositoryName } from './support/options.ts';
import { prettyJson } from './support/pretty-json.ts';
import { readJournal } from './support/read-journal.ts';
import { renderTable } from './support/render-table.ts';
import { utc } from './support/utc-time.ts';

interface DeliveriesOptions {
  config: string;
  failed?: boolean;
  event?: string;
  repo?: string;
  since?: string;
  limit: number;
  json?: boolean;
}

/**
 * `genvoy deliveries`: the journal's deliveries, newest first, read beside a running server.
 * Exit 0; 1 when there is no journal; 2 on a usage or config error (or a Redis queue).
 */
export function deliveriesCommand(program: Command): void {
  program
    .command('deliveries')
    .description('list the journaled deliveries, newest first, with the state of their hooks')
    .option('--failed', 'only deliveries whose hooks ran out of attempts (dead)')
    .option('--event <event>', 'only this event')
    .option('--repo <repo>', 'only this repository (name, or owner/name)')
    .option('--since <when>', `only those received since then (${sinceFormat})`)
    .option('--limit <n>', 'at most this many', count, 50)
    .option('--json', 'print JSON')
    .option(...configOption)
    .action(async (options: DeliveriesOptions) => {
      process.exitCode = await deliveries(options);
    });
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number from 1');
  return n;
}

async function deliveries(options: DeliveriesOptions): Promise<number> {
  let since: number | undefined;
  if (options.since !== undefined) {
    since = parseSince(options.since, Date.now())?.getTime();
    if (since === undefined) return (process.stderr.write(`genvoy deliveries: --since "${options.since}": expected ${sinceFormat}\n`), 2);
  }
  const journal = await readJournal('deliveries', options.config);
  if (typeof journal === 'number') return journal;
  try {
    const found = journal.list({ state: options.failed ? 'dead' : undefined, event: options.event, repository: repositoryName(options.repo), since, limit: options.limit });
    const rows = found.map((delivery) => ({ ...delivery, hooks: journal.hooks(delivery.id) }));
    if (options.json) {
      process.stdout.write(`${prettyJson(JSON.stringify(rows.map(({ headers: _, ...row }) => row)))}\n`);
    } else if (rows.length === 0) {
      process.stdout.write('no deliveries match\n');
    } else {
      process.stdout.write(`${renderTable([['RECEIVED (UTC)', 'DELIVERY', 'EVENT', 'ACTION', 'REPOSITORY', 'BRANCH', 'STATE', 'HOOKS'], ...rows.map(row)])}\n`);
    }
  } finally {
    journal.close();
  }
  return 0;
}

function row(delivery: StoredDelivery & { hooks: HookRun[] }): string[] {
  const { received_at, id, event, action, repository, branch, state, hooks } = delivery;
  return [utc(received_at), id, event, action ?? '-', repository ?? '-', branch ?? '-', state, hooks.length ? hooks.map(hookSummary).join(' ') : 'none'];
}

/** `push:ok`, `all:dead×5`: the hook, its state, and its runs when more than one. */
function hookSummary(hook: HookRun): string {
  return `${hook.hook}:${hook.state}${hook.attempts > 1 ? `×${hook.attempts}` : ''}`;
}
