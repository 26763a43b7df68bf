/**
 * Opening the journal's file: an embedded SQLite database (libsql, better-sqlite3's API), in
 * WAL mode so that a write is one append, or read-only beside a server writing it; and the
 * role claim that keeps a serve and a relay off the same file.
 */
import Database from 'libsql';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../base/config-error.ts';
import type { JournalRole } from './journal-types.ts';
import { upgradeJournal } from './journal-upgrade.ts';
import { PayloadFiles } from './payload-files.ts';
import { schema } from './schema.ts';

/** How long a write waits for a lock another process holds on the file. */
export const busyMs = 5000;

export interface JournalOptions {
  /**
   * For reading a journal a server may be writing (`genvoy deliveries`): the file must exist,
   * nothing is created or changed, and in WAL mode reading never blocks the writer.
   */
  readOnly?: boolean;
  /**
   * The journal takes the first role it is opened in, and refuses the other (a ConfigError:
   * two journal_path settings name the same file).
   */
  role?: JournalRole;
}

export function openJournalFile(file: string, { readOnly = false, role }: JournalOptions = {}): Database.Database {
  if (readOnly && !existsSync(file)) throw new Error(`no journal at ${file}`);
  if (!readOnly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${busyMs}`);
  if (readOnly) {
    // libsql takes no read-only open flag: this connection refuses every write instead.
    db.pragma('query_only = ON');
  } else {
    db.pragma('journal_mode = WAL');
    // A process crash loses nothing in WAL mode at NORMAL; only a power cut can cost the last commits.
    db.pragma('synchronous = NORMAL');
    db.exec(schema);
    upgradeJournal(db, new PayloadFiles(file));
    if (role) claim(db, file, role);
  }
  return db;
}

function claim(db: Database.Database, file: string, role: JournalRole): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES ('role', ?) ON CONFLICT (key) DO NOTHING`).run(role);
  const { value } = db.prepare(`SELECT value FROM meta WHERE key = 'role'`).get() as { value: string };
  if (value === role) return;
  db.close();
  throw new ConfigError(
    `journal_path ${file} is the journal of a genvoy ${value}; genvoy ${role} cannot share it (each would take the other's deliveries): give each its own journal_path`,
  );
}
