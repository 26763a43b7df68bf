import { Option, type Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildRule } from '../pipeline/route/route.ts';
import { renderNote, type Note } from './migrate/note.ts';
import { planMigration } from './migrate/plan-migration.ts';
import { appFolder, readOriginal } from './migrate/read-original.ts';
import { writeMigration } from './migrate/write-migration.ts';

interface MigrateCommandOptions {
  to?: string;
  children?: ChildRule;
  dryRun?: boolean;
}

/** genvoy's own files, which replace the original's `all` and `push`. */
const shipped = {
  all: fileURLToPath(new URL('../../hooks/all.ts', import.meta.url)),
  push: fileURLToPath(new URL('../../hooks/push.ts', import.meta.url)),
  notify: fileURLToPath(new URL('../../config/notify.json', import.meta.url)),
};

/**
 * `genvoy migrate FROM`: the original Python genvoy's app folder as a genvoy folder. Prints a
 * line per change and per thing left for a person. Exit 0 when nothing needs a hand, 1 when
 * something does, 2 on a usage error (FROM no app folder, the target not empty).
 */
export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description("write a genvoy folder from the original Python genvoy's (config.json, hooks/): keys and paths mapped, hooks copied, children renamed")
    .argument('<from>', "the original's app folder (its config.json and hooks/), or its repository")
    .option('--to <dir>', 'the genvoy folder to write, which must not exist or be empty (default: "genvoy" beside the app folder)')
    .addOption(new Option('--children <rule>', 'plus: rename children to parent+suffix; prefix: keep their names under child_hooks "prefix", as the original ran them (default: plus where that changes nothing that runs, nor its order; else prefix)').choices(['plus', 'prefix']))
    .option('--dry-run', 'print what it would do; write nothing')
    .action(async (from: string, options: MigrateCommandOptions) => {
      process.exitCode = await migrate(resolve(from), options);
    });
}

async function migrate(from: string, options: MigrateCommandOptions): Promise<number> {
  const fail = (message: string) => (process.stderr.write(`genvoy migrate: ${message}\n`), 2);
  const folder = existsSync(from) ? appFolder(from) : undefined;
  if (folder === undefined) return fail(`${from} holds no config.json (nor config.json.sample), nor does ${join(from, 'app')}: give the original's app folder`);
  const to = resolve(options.to ?? join(dirname(folder), 'genvoy'));
  if (existsSync(to) && readdirSync(to).length > 0) return fail(`${to} is not empty: migrate writes a new folder (name another with --to)`);

  const migration = planMigration(await readOriginal(folder), { to, rule: options.children, shipped });
  const order: Note['kind'][] = ['change', 'dropped', 'hand'];
  const notes = [...migration.notes].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  for (const note of notes) process.stdout.write(`${renderNote(note)}\n`);
  const hand = notes.filter((note) => note.kind === 'hand').length;
  const config = join(to, 'config', 'config.json');
  const shown = relative(process.cwd(), config).startsWith('..') ? config : relative(process.cwd(), config);
  if (options.dryRun) {
    process.stdout.write(`dry run: ${migration.files.length} files would be written to ${to}; nothing written\n`);
  } else {
    await writeMigration(to, migration.files);
    process.stdout.write(`wrote ${to} (${migration.files.length} files) from ${folder}; check it with: genvoy check-config ${shown}\n`);
  }
  if (hand) process.stdout.write(`${hand} thing${hand === 1 ? ' needs' : 's need'} a hand: the "by hand" lines above\n`);
  return hand ? 1 : 0;
}
