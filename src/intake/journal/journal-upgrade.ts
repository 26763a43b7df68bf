/**
 * Brings a journal made by an earlier genvoy up to the search's schema: the sender and title
 * columns, read from each delivery's payload once, and the index over them. A new journal
 * has the columns already, and only gets the (empty) index.
 */
import type Database from 'libsql';
import { searchFacts, type SearchFacts } from '../../pipeline/parse/search-facts.ts';
import type { PayloadFiles } from './payload-files.ts';
import { searchSchema } from './schema.ts';

/** Rows read and written at a time: the payloads of one batch are in memory together. */
const batch = 500;

export function upgradeJournal(db: Database.Database, files: PayloadFiles): void {
  const columns = new Set((db.prepare(`SELECT name FROM pragma_table_info('deliveries')`).all() as Array<{ name: string }>).map((c) => c.name));
  const indexed = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'delivery_search'`).get() !== undefined;
  if (indexed && columns.has('title')) return;
  db.transaction(() => {
    if (!columns.has('title')) db.exec('ALTER TABLE deliveries ADD COLUMN sender TEXT; ALTER TABLE deliveries ADD COLUMN title TEXT;');
    const read = db.prepare('SELECT seq, payload FROM deliveries WHERE seq > ? ORDER BY seq LIMIT ?');
    const write = db.prepare('UPDATE deliveries SET sender = ?, title = ? WHERE seq = ?');
    for (let last = 0; ; ) {
      const rows = read.all(last, batch) as Array<{ seq: number; payload: string }>;
      if (rows.length === 0) break;
      for (const { seq, payload } of rows) {
        const { sender, title } = factsOf(payload, files);
        write.run(sender ?? null, title ?? null, seq);
      }
      last = rows.at(-1)!.seq;
    }
    db.exec(searchSchema);
    db.exec(`INSERT INTO delivery_search (rowid, id, event, action, repository, sender, title) SELECT seq, id, event, action, repository, sender, title FROM deliveries`);
  })();
}

/** A payload that cannot be read or parsed is found by its other columns still. */
function factsOf(column: string, files: PayloadFiles): SearchFacts {
  try {
    return searchFacts(JSON.parse(files.text(column)) as Record<string, unknown>);
  } catch {
    return {};
  }
}
