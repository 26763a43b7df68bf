import Database from 'libsql';
import { readFile } from 'node:fs/promises';

/** Whether every delivery sent was kept and run. */
export interface JournalCheck {
  sent: number;
  /** Sent ids the journal holds as done, with their push hook recorded ok. */
  journaled: number;
  /** Sent ids the push hook wrote to its trace file. */
  ran: number;
  /** Ids the hook wrote more than once. */
  ranTwice: number;
  /** Sent ids missing from either (the first ten), and how many in all. */
  lost: string[];
  lostCount: number;
}

/**
 * Waits until the journal holds no delivery with a hook still to run; resolves with the
 * seconds that took. Read beside the running server (SQLite in WAL mode lets a reader in).
 */
export async function drained(file: string, timeoutMs: number): Promise<number> {
  const db = new Database(file);
  const started = performance.now();
  try {
    const pending = db.prepare(`SELECT count(*) AS n FROM deliveries WHERE state = 'pending'`);
    while ((pending.get() as { n: number }).n > 0) {
      if (performance.now() - started > timeoutMs) throw new Error(`hooks still pending in ${file} after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
}

/** Reads the journal and the hook's trace once the server has stopped, and accounts for every id sent. */
export async function checkJournal(file: string, traceFile: string, sent: readonly string[]): Promise<JournalCheck> {
  const db = new Database(file);
  let done: Set<string>;
  try {
    const rows = db
      .prepare(`SELECT d.id FROM deliveries d JOIN hook_runs h ON h.delivery_id = d.id WHERE d.state = 'done' AND h.hook = 'push' AND h.state = 'ok'`)
      .all() as Array<{ id: string }>;
    done = new Set(rows.map((row) => row.id));
  } finally {
    db.close();
  }
  const runs = new Map<string, number>();
  for (const id of (await readFile(traceFile, 'utf8').catch(() => '')).split('\n')) if (id) runs.set(id, (runs.get(id) ?? 0) + 1);
  const lost = sent.filter((id) => !done.has(id) || !runs.has(id));
  return {
    sent: sent.length,
    journaled: sent.filter((id) => done.has(id)).length,
    ran: sent.filter((id) => runs.has(id)).length,
    ranTwice: [...runs.values()].filter((n) => n > 1).length,
    lost: lost.slice(0, 10),
    lostCount: lost.length,
  };
}
