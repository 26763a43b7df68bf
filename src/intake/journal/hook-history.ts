/**
 * A delivery's earlier runs: when it is run again, the results its hooks had are set aside
 * here instead of being written over, and the web page shows them under the current run.
 */
import type Database from 'libsql';
import { toHookRun, type HookRow } from './journal-rows.ts';
import type { EarlierRun } from './journal-types.ts';

/** Sets aside the results of the delivery's hooks that ran (inside the caller's transaction). */
export function keepRun(db: Database.Database, id: string, now: number): void {
  db.prepare(
    `INSERT INTO hook_history (delivery_id, run, ended_at, position, hook, parent, state, attempts, result)
     SELECT delivery_id, (SELECT coalesce(max(run), 0) + 1 FROM hook_history WHERE delivery_id = ?1), ?2,
       position, hook, parent, state, attempts, result
     FROM hook_runs WHERE delivery_id = ?1 AND attempts > 0`,
  ).run(id, now);
}

/** The delivery's earlier runs, the latest first (none in a journal an earlier genvoy writes, read beside it). */
export function earlierRuns(db: Database.Database, id: string): EarlierRun[] {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hook_history'`).get() === undefined) return [];
  const rows = db
    .prepare('SELECT run, ended_at, hook, parent, state, attempts, result FROM hook_history WHERE delivery_id = ? ORDER BY run DESC, position')
    .all(id) as Array<HookRow & { run: number; ended_at: number }>;
  const runs = new Map<number, EarlierRun>();
  for (const row of rows) {
    const run = runs.get(row.run) ?? { run: row.run, ended_at: row.ended_at, hooks: [] };
    run.hooks.push(toHookRun({ ...row, next_at: null }));
    runs.set(row.run, run);
  }
  return [...runs.values()];
}
