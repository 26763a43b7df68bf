import type { Command } from 'commander';
import type { HookRun } from '../intake/journal/journal-types.ts';
import { configOption } from './support/options.ts';
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
    if (!stored) return (process.stderr.write(`genvoy show: no delivery ${id} in the journal ${journal.file}\n`), 1);
    const { payload } = journal.delivery(id)!;
    const hooks = journal.hooks(id);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...stored, payload, hooks }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `delivery ${stored.id}: ${stored.event}${stored.action ? `.${stored.action}` : ''}, ${stored.state}`,
      `received ${utc(stored.received_at)} UTC${stored.finished_at ? `, finished ${utc(stored.finished_at)} UTC` : ''}`,
      `repository ${stored.repository ?? '-'}, branch ${stored.branch ?? '-'}`,
      '',
      'headers:',
      ...Object.entries(stored.headers).map(([name, value]) => `  ${name}: ${value}`),
      '',
      hooks.length ? 'hooks:' : 'hooks: none',
      ...hooks.flatMap(hookLines),
      '',
      'payload:',
      JSON.stringify(payload, null, 2),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    journal.close();
  }
}

function hookLines(run: HookRun): string[] {
  const head = `  ${run.hook}${run.hook === run.parent ? '' : ` (child of ${run.parent})`}: ${run.state}, ${run.attempts} run${run.attempts === 1 ? '' : 's'}${run.next_at ? `, next retry ${utc(run.next_at)} UTC` : ''}`;
  const r = run.result;
  if (!r) return [head];
  const indent = (text: string) => text.trimEnd().split('\n').map((line) => `      ${line}`);
  return [
    head,
    `    last result: ${r.status}, returncode ${r.returncode}, ${r.duration_ms} ms${r.reason ? `, ${r.reason}` : ''}`,
    ...(r.stdout ? ['    stdout:', ...indent(r.stdout)] : []),
    ...(r.stderr ? ['    stderr:', ...indent(r.stderr)] : []),
  ];
}
