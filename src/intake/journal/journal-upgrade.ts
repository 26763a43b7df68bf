/**
 * Gives a journal the web page's search index when it has none: a new journal gets it empty;
 * one made by an earlier genvoy gets it filled from the payloads it holds, each read once.
 */
import type Database from 'libsql';
import { searchFacts, type SearchFacts } from '../../pipeline/parse/search-facts.ts';
import { payloadColumn } from './journal-rows.ts';
import type { PayloadFiles } from './payload-files.ts';
import { searchSchema } from './schema.ts';
import { SearchIndex } from './search-index.ts';

/** Rows read at a time: the payloads of one batch are in memory together. */
const batch = 500;

export function upgradeJournal(db: Database.Database, files: PayloadFiles): void {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'delivery_search'`).get() !== undefined) return;
  db.transaction(() => {
    db.exec(searchSchema);
    const index = new SearchIndex(db);
    const read = db.prepare(`SELECT seq, id, event, action, repository, ${payloadColumn} AS payload FROM deliveries d WHERE seq > ? ORDER BY seq LIMIT ?`);
    for (let last = 0; ; ) {
      const rows = read.all(last, batch) as Array<{ seq: number; id: string; event: string; action: string | null; repository: string | null; payload: string }>;
      if (rows.length === 0) break;
      for (const { seq, payload, action, repository, ...row } of rows) index.add(seq, { ...row, action: action ?? undefined, repository: repository ?? undefined, ...factsOf(payload, files) });
      last = rows.at(-1)!.seq;
    }
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
