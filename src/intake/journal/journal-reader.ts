/**
 * The journal as the web page, the CLI and the relay read it: a delivery, its hooks and its
 * payload, lists and filters, the charts' counts. Reads only, so a read-only journal serves.
 */
import type Database from 'libsql';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import { payloadFacts } from '../../pipeline/parse/payload-facts.ts';
import { payloadColumn, toHookRun, toStored, type DeliveryRow, type HookRow } from './journal-rows.ts';
import type { DeliveryOutcome, DeliveryState, HookRun, ListedDelivery, StoredDelivery } from './journal-types.ts';
import type { PayloadFiles } from './payload-files.ts';

export class JournalReader {
  readonly #db: Database.Database;
  readonly #files: PayloadFiles;
  readonly #hookRows;
  readonly #deliveryRow;
  readonly #payloadRow;

  constructor(db: Database.Database, files: PayloadFiles) {
    this.#db = db;
    this.#files = files;
    this.#hookRows = db.prepare(
      'SELECT hook, parent, state, attempts, next_at, result FROM hook_runs WHERE delivery_id = ? ORDER BY position',
    );
    this.#deliveryRow = db.prepare(
      'SELECT seq, id, event, action, repository, branch, received_at, headers, state, finished_at FROM deliveries WHERE id = ?',
    );
    // Read for each retry, and for each delivery that waited without its payload.
    this.#payloadRow = db.prepare(`SELECT id, event, action, repository, branch, ${payloadColumn} AS payload FROM deliveries d WHERE id = ?`);
  }

  get(id: string): StoredDelivery | undefined {
    const row = this.#deliveryRow.get(id) as DeliveryRow | undefined;
    return row && toStored(row);
  }

  /** The delivery as the hooks saw it, rebuilt from the journal (for retries, recovery, replay). */
  delivery(id: string): Delivery | undefined {
    const row = this.#payloadRow.get(id) as { id: string; event: string; action: string | null; repository: string | null; branch: string | null; payload: string } | undefined;
    if (!row) return undefined;
    const text = this.#files.text(row.payload);
    const payload = JSON.parse(text) as Record<string, unknown>;
    const { lane, deletesRef } = payloadFacts(row.event, payload);
    return {
      id: row.id,
      event: row.event,
      action: row.action ?? undefined,
      repository: row.repository ?? undefined,
      branch: row.branch ?? undefined,
      lane,
      deletesRef,
      payload,
      json: Buffer.from(text, 'utf8'),
    };
  }

  hooks(id: string): HookRun[] {
    return (this.#hookRows.all(id) as HookRow[]).map(toHookRun);
  }

  /** A delivery's payload as the JSON text it was received as, unparsed. */
  payload(id: string): string | undefined {
    const row = this.#payloadRow.get(id) as { payload: string } | undefined;
    return row && this.#files.text(row.payload);
  }

  /** Deliveries, newest first, each with its number of hooks; `search`: part of the id. */
  list(filter: { state?: DeliveryState; event?: string; repository?: string; search?: string; since?: number; limit?: number } = {}): ListedDelivery[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.state) (where.push('state = ?'), params.push(filter.state));
    if (filter.event) (where.push('event = ?'), params.push(filter.event));
    if (filter.repository) (where.push('repository = ?'), params.push(filter.repository));
    if (filter.search) (where.push(`instr(id, ?) > 0`), params.push(filter.search));
    if (filter.since !== undefined) (where.push('received_at >= ?'), params.push(filter.since));
    const rows = this.#db
      .prepare(
        `SELECT seq, id, event, action, repository, branch, received_at, headers, state, finished_at,
           (SELECT count(*) FROM hook_runs h WHERE h.delivery_id = d.id) AS hooks
         FROM deliveries d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...params, filter.limit ?? 100) as Array<DeliveryRow & { hooks: number }>;
    return rows.map((row) => ({ ...toStored(row), hooks: row.hooks }));
  }

  /**
   * Deliveries received from `since` until before `until`, counted per `bucketMs` (bucket 0
   * starts at `since`) and per outcome; `none`: no hook matched. Reads indexes only.
   */
  histogram(since: number, bucketMs: number, until = Number.MAX_SAFE_INTEGER): Array<{ bucket: number; outcome: DeliveryOutcome; count: number }> {
    return this.#db
      .prepare(
        `SELECT CAST((received_at - ?) / ? AS INTEGER) AS bucket,
           CASE WHEN state = 'done' AND NOT EXISTS (SELECT 1 FROM hook_runs h WHERE h.delivery_id = d.id) THEN 'none' ELSE state END AS outcome,
           count(*) AS count
         FROM deliveries d WHERE received_at >= ? AND received_at < ? GROUP BY bucket, outcome`,
      )
      .all(since, bucketMs, since, until) as Array<{ bucket: number; outcome: DeliveryOutcome; count: number }>;
  }

  /** The events and repositories the journal holds, for filters (from their indexes, not the table). */
  seen(): { events: string[]; repositories: string[] } {
    const column = (name: 'event' | 'repository') =>
      (this.#db.prepare(`SELECT DISTINCT ${name} AS value FROM deliveries WHERE ${name} IS NOT NULL ORDER BY value`).all() as Array<{ value: string }>).map((r) => r.value);
    return { events: column('event'), repositories: column('repository') };
  }
}
