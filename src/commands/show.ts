import type { Command } from 'commander';
import type { HookRun } from '../intake/journal/journal-types.ts';
import { configOption } from './support/options.ts';
import { prettyJson } from './support/pretty-json.ts';
import { printable, printableLines } from './support/printable.ts';
import { readJournal } from './support/read-journal.ts';
import { utc } from './support/utc-time.ts';

/**
 * `genvoy show <delivery-id>`: one journaled delivery: its headers, its payload and what each
 * hook did. Exit 0; 1 for an unknown id or no journal; 2 on a usage or config error.
 */
export function showCommand(program: Command): void {
  program
    .command('show')
    .description("show a journaled delivery: headers, payload, and each hook's state and result")
    .argument('<delivery-id>', 'the X-GitHub-Delivery')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action(async (id: string, options: { config: string; json?: boolean }) => {
      process.exitCode = await show(id, options);
    });
}

async function show(id: string, options: { config: string; json?: boolean }): Promise<number> {
  const journal = await readJournal('show', options.config);
  if (typeof journal === 'number') return journal;
  try {
    const stored = journal.get(id);
    if (!stored) return (process.stderr.write(`genvoy show: no delivery ${printable(id)} in the journal ${journal.file}\n`), 1);
    // The payload as received, never parsed and stringified again: any depth the server took prints.
    const payload = journal.payload(id)!;
    const hooks = journal.hooks(id);
    const earlier = journal.history(id);
    if (options.json) {
      const fields = [
        ...Object.entries(stored).map(([key, value]) => [key, JSON.stringify(value)]),
        ['payload', payload],
        ['hooks', JSON.stringify(hooks)],
        ['earlier_runs', JSON.stringify(earlier)],
      ];
      process.stdout.write(`${prettyJson(`{${fields.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`)}\n`);
      return 0;
    }
    const lines = [
      `delivery ${printable(stored.id)}: ${printable(stored.event)}${stored.action ? `.${printable(stored.action)}` : ''}, ${stored.state}`,
      `received ${utc(stored.received_at)} UTC${stored.finished_at ? `, finished ${utc(stored.finished_at)} UTC` : ''}`,
      `repository ${printable(stored.repository ?? '-')}, branch ${printable(stored.branch ?? '-')}`,
      '',
      'headers:',
      ...Object.entries(stored.headers).map(([name, value]) => `  ${printable(name)}: ${printable(value)}`),
      '',
      hooks.length ? 'hooks:' : 'hooks: none',
      ...hooks.flatMap(hookLines),
      // The runs before a replay, the latest first.
      ...earlier.flatMap((run) => ['', `earlier run ${run.run}, until ${utc(run.ended_at)} UTC:`, ...run.hooks.flatMap(hookLines)]),
      '',
      'payload:',
      prettyJson(payload),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    journal.close();
  }
}

function hookLines(run: HookRun): string[] {
  const head = `  ${printable(run.hook)}${run.hook === run.parent ? '' : ` (child of ${printable(run.parent)})`}: ${run.state}, ${run.attempts} run${run.attempts === 1 ? '' : 's'}${run.next_at ? `, next retry ${utc(run.next_at)} UTC` : ''}`;
  const r = run.result;
  if (!r) return [head];
  const indent = (text: string) => printableLines(text.trimEnd()).map((line) => `      ${line}`);
  return [
    head,
    `    last result: ${r.status}, returncode ${r.returncode}, ${r.duration_ms} ms${r.reason ? `, ${printable(r.reason)}` : ''}`,
    ...(r.stdout ? ['    stdout:', ...indent(r.stdout)] : []),
    ...(r.stderr ? ['    stderr:', ...indent(r.stderr)] : []),
  ];
}
