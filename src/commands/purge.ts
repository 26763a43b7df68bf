import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { Journal } from '../intake/journal/journal.ts';
import { configured } from './support/configured.ts';
import { configOption, repositoryName } from './support/options.ts';

/**
 * `genvoy purge --repo NAME`: one repository's finished deliveries out of the journal (their
 * payloads and what their hooks answered) and their backups out of backup_path, beside a
 * running server. Deliveries that still have hooks to run stay. Exit 0; 1 without a journal;
 * 2 on a config error.
 */
export function purgeCommand(program: Command): void {
  program
    .command('purge')
    .description("remove one repository's finished deliveries from the journal, and their backups (data protection)")
    .requiredOption('--repo <repo>', 'the repository (name, or owner/name)')
    .option(...configOption)
    .action(async (options: { repo: string; config: string }) => {
      process.exitCode = await purge(repositoryName(options.repo) ?? options.repo, options.config);
    });
}

async function purge(repository: string, configFile: string): Promise<number> {
  const fail = (code: number, message: string) => (process.stderr.write(`genvoy purge: ${message}\n`), code);
  const config = await configured('purge', () => loadConfig(configFile));
  if (config === 2) return 2;
  if (config.queue.type === 'redis') return fail(2, 'with queue.type "redis" finished deliveries are kept in Redis for queue.keep_days, not in an embedded journal');
  if (config.journal_path === ':memory:' || !existsSync(config.journal_path)) return fail(1, `no journal at ${config.journal_path}`);
  const journal = new Journal(config.journal_path);
  let forgotten;
  try {
    forgotten = journal.forget(repository);
  } finally {
    journal.close();
  }
  const ids = new Set(forgotten.removed);
  let backups = 0;
  if (config.backup_path && existsSync(config.backup_path)) {
    // Backups are named `<time>-<event>-<delivery id>.json` (an event's name has no "-").
    for (const file of await readdir(config.backup_path)) {
      const id = /^\d{8}-\d{6}-[^-]+-(.+)\.json$/.exec(file)?.[1];
      if (id !== undefined && ids.has(id)) {
        await rm(join(config.backup_path, file));
        backups++;
      }
    }
  }
  const stay = forgotten.pending ? `; ${forgotten.pending} still running stay (run purge again once they finish)` : '';
  process.stdout.write(`removed ${ids.size} finished deliveries of ${repository} from ${config.journal_path}${config.backup_path ? ` and ${backups} backups from ${config.backup_path}` : ''}${stay}\n`);
  return 0;
}
