import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/load-config.ts';
import { Journal } from '../../intake/journal/journal.ts';
import { configured } from './configured.ts';

/**
 * The journal of the config's `journal_path` (resolved as `genvoy serve` resolves it), opened
 * read-only beside a server that may be writing it; or the exit code and the reason it is
 * not there: 2 for a config that is wrong or has no embedded journal, 1 for a journal missing.
 */
export async function readJournal(command: string, configFile: string): Promise<Journal | number> {
  const fail = (code: number, message: string) => (process.stderr.write(`genvoy ${command}: ${message}\n`), code);
  const config = await configured(command, () => loadConfig(configFile));
  if (config === 2) return 2;
  if (config.queue.type === 'redis') {
    return fail(2, 'with queue.type "redis" the deliveries are in Redis (BullMQ jobs), not in an embedded journal: this command reads only the embedded journal');
  }
  const journalPath = config.journal_path;
  if (journalPath === ':memory:') return fail(2, 'journal_path is ":memory:": that journal lives and dies with its server');
  if (!existsSync(journalPath)) return fail(1, `no journal at ${journalPath} (has genvoy serve run with this config?)`);
  try {
    const journal = new Journal(journalPath, { readOnly: true });
    journal.list({ limit: 1 }); // a file that is not a journal fails here, not halfway through
    return journal;
  } catch (err) {
    return fail(1, `cannot read the journal ${journalPath}: ${(err as Error).message}`);
  }
}
