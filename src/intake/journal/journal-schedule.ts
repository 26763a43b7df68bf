/**
 * What waits to run, and when: the queries the dispatcher schedules hooks by (recovery, due
 * retries) and the relay's outbox and readiness read its backlog from.
 */
import type Database from 'libsql';
import type { RouteStep } from '../../pipeline/route/route.ts';
import { pendingSteps, toStored, type DeliveryRow } from './journal-rows.ts';
import type { StoredDelivery } from './journal-types.ts';

export class JournalSchedule {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Pending deliveries, oldest first (a relay's, waiting for an agent). */
  pending(limit: number): StoredDelivery[] {
    const rows = this.#db
      .prepare(
        `SELECT seq, id, event, action, repository, branch, received_at, headers, state, finished_at FROM deliveries
         WHERE state = 'pending' ORDER BY seq LIMIT ?`,
      )
      .all(limit) as DeliveryRow[];
    return rows.map(toStored);
  }

  /** How many deliveries are pending, and when the oldest of them arrived (a relay's backlog). */
  backlog(): { count: number; oldestAt: number | undefined } {
    const { count, oldest } = this.#db.prepare(`SELECT count(*) AS count, min(received_at) AS oldest FROM deliveries WHERE state = 'pending'`).get() as { count: number; oldest: number | null };
    return { count, oldestAt: oldest ?? undefined };
  }

  /** Deliveries with hooks that never finished (genvoy stopped or crashed meanwhile), oldest first. */
  unfinished(): Array<{ id: string; steps: RouteStep[] }> {
    const ids = this.#db
      .prepare(`SELECT DISTINCT d.id, d.seq FROM deliveries d JOIN hook_runs h ON h.delivery_id = d.id WHERE h.state = 'pending' ORDER BY d.seq`)
      .all() as Array<{ id: string }>;
    return ids.map(({ id }) => ({ id, steps: pendingSteps(this.#db, id) }));
  }

  /** Takes the retries that are due: they become pending, grouped by delivery, oldest delivery first. */
  takeDue(now = Date.now()): Array<{ id: string; steps: RouteStep[] }> {
    return this.#db.transaction(() => {
      const rows = this.#db
        .prepare(
          `SELECT h.delivery_id AS id, h.hook, h.parent FROM hook_runs h JOIN deliveries d ON d.id = h.delivery_id
           WHERE h.state = 'retry' AND h.next_at <= ? ORDER BY d.seq, h.position`,
        )
        .all(now) as Array<{ id: string; hook: string; parent: string }>;
      this.#db.prepare(`UPDATE hook_runs SET state = 'pending', updated_at = ? WHERE state = 'retry' AND next_at <= ?`).run(now, now);
      const due = new Map<string, RouteStep[]>();
      for (const { id, hook, parent } of rows) due.set(id, [...(due.get(id) ?? []), { hook, parent }]);
      return [...due].map(([id, steps]) => ({ id, steps }));
    })();
  }

  /** Deliveries not finished: hooks waiting, running, or waiting for a retry. */
  countPending(): number {
    return (this.#db.prepare(`SELECT count(*) AS n FROM deliveries WHERE state = 'pending'`).get() as { n: number }).n;
  }

  /** When the next retry is due, if any. */
  nextDue(): number | undefined {
    const { at } = this.#db.prepare(`SELECT min(next_at) AS at FROM hook_runs WHERE state = 'retry'`).get() as { at: number | null };
    return at ?? undefined;
  }
}
