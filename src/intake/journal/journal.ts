import Database from 'libsql';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../base/config-error.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import { schema } from './schema.ts';
import type { Accepted, Decide, DeliveryOutcome, DeliveryState, HookRun, JournalRole, ListedDelivery, Outcome, StoredDelivery } from './journal-types.ts';

/** How long a write waits for a lock another process holds on the file. */
const busyMs = 5000;

/** The longest a hook's outcome waits for a commit to share. */
const lazyMs = 5;

interface DeliveryRow extends Omit<StoredDelivery, 'headers'> {
  headers: string;
}
interface HookRow extends Omit<HookRun, 'result'> {
  result: string | null;
}

/**
 * The durable record of every delivery genvoy accepted and of what each hook did with it:
 * an embedded SQLite database (libsql, better-sqlite3's API), in WAL mode so that a
 * write is one append. accept() and record() resolve once committed, so what was
 * acknowledged survives a kill -9.
 */
export class Journal {
  readonly #db: Database.Database;
  readonly #insertDelivery;
  readonly #insertHook;
  readonly #stateOf;
  readonly #hookRows;
  readonly #deliveryRow;
  readonly #updateHook;
  readonly #updateState;
  readonly #settle;
  readonly #accept;
  readonly #record;
  #writeCheck: Database.Statement | undefined;
  #closed = false;
  #immediate = false;
  #lazy: NodeJS.Timeout | undefined;
  readonly #begin;
  readonly #commitTransaction;
  readonly #rollback;
  readonly #queue: Array<{ write: () => unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void }> = [];

  /**
   * `readOnly`: for reading a journal a server may be writing (`genvoy deliveries`): the file
   * must exist, nothing is created or changed, and in WAL mode reading never blocks the writer.
   * `role`: the journal takes the first role it is opened in, and refuses the other (a
   * ConfigError: two journal_path settings name the same file).
   */
  constructor(readonly file: string, { readOnly = false, role }: { readOnly?: boolean; role?: JournalRole } = {}) {
    if (readOnly && !existsSync(file)) throw new Error(`no journal at ${file}`);
    if (!readOnly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma(`busy_timeout = ${busyMs}`);
    if (readOnly) {
      // libsql takes no read-only open flag: this connection refuses every write instead.
      this.#db.pragma('query_only = ON');
    } else {
      this.#db.pragma('journal_mode = WAL');
      // A process crash loses nothing in WAL mode at NORMAL; only a power cut can cost the last commits.
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(schema);
      if (role) this.#claim(role);
    }

    this.#insertDelivery = this.#db.prepare(
      `INSERT INTO deliveries (id, event, action, repository, branch, received_at, headers, payload, state, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertHook = this.#db.prepare(
      'INSERT INTO hook_runs (delivery_id, position, hook, parent, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // libsql's statements have no pluck(): rows are read as objects throughout.
    this.#stateOf = this.#db.prepare('SELECT state FROM deliveries WHERE id = ?');
    this.#hookRows = this.#db.prepare(
      'SELECT hook, parent, state, attempts, next_at, result FROM hook_runs WHERE delivery_id = ? ORDER BY position',
    );
    this.#deliveryRow = this.#db.prepare(
      'SELECT seq, id, event, action, repository, branch, received_at, headers, state, finished_at FROM deliveries WHERE id = ?',
    );
    this.#updateHook = this.#db.prepare(
      'UPDATE hook_runs SET state = ?, attempts = attempts + 1, next_at = ?, result = ?, updated_at = ? WHERE delivery_id = ? AND hook = ?',
    );
    this.#updateState = this.#db.prepare('UPDATE deliveries SET state = ?, finished_at = ? WHERE id = ?');
    this.#settle = this.#db.prepare(
      `SELECT coalesce(sum(state IN ('pending', 'retry')), 0) AS open, coalesce(sum(state = 'dead'), 0) AS dead
       FROM hook_runs WHERE delivery_id = ?`,
    );

    this.#begin = this.#db.prepare('BEGIN');
    this.#commitTransaction = this.#db.prepare('COMMIT');
    this.#rollback = this.#db.prepare('ROLLBACK');

    this.#accept = (delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[], now: number): Accepted => {
      const known = this.#stateOf.get(delivery.id) as { state: DeliveryState } | undefined;
      if (known) return { kind: 'known', state: known.state };
      this.#insertDelivery.run(
        delivery.id,
        delivery.event,
        delivery.action ?? null,
        delivery.repository ?? null,
        delivery.branch ?? null,
        now,
        JSON.stringify(headers),
        delivery.json.toString('utf8'),
        steps.length ? 'pending' : 'done',
        steps.length ? null : now,
      );
      steps.forEach((step, position) => this.#insertHook.run(delivery.id, position, step.hook, step.parent, 'pending', now));
      return { kind: 'new' };
    };

    const attemptsOf = this.#db.prepare('SELECT attempts FROM hook_runs WHERE delivery_id = ? AND hook = ?');
    this.#record = (id: string, hook: string, result: HookResult, decide: Decide, now: number): Outcome => {
      const attempts = ((attemptsOf.get(id, hook) as { attempts: number } | undefined)?.attempts ?? 0) + 1;
      const decided = decide(attempts);
      this.#updateHook.run(decided.state, decided.nextAt, JSON.stringify(result), now, id, hook);
      return { attempts, ...decided, delivery: this.#settleState(id, now) };
    };
  }

  /**
   * Records a delivery and the hooks it is routed to, all pending, unless its id is known:
   * then nothing is written and its state says whether it needs to run again.
   */
  accept(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[], now = Date.now()): Promise<Accepted> {
    return this.#soon(() => this.#accept(delivery, headers, steps, now), true);
  }

  /** Records what a hook's run did; `decide` says, from its number of runs, what state that leaves it in. */
  record(id: string, hook: string, result: HookResult, decide: Decide, now = Date.now()): Promise<Outcome> {
    return this.#soon(() => this.#record(id, hook, result, decide, now), false);
  }

  /**
   * Writes a row and commits it, as deliveries are journaled, waiting at most `waitMs` for a
   * lock another process holds: whether deliveries can be accepted now (readiness). Throws
   * why not. The wait blocks the event loop, as every journal write does: keep it short.
   */
  checkWritable(waitMs: number, now = Date.now()): void {
    if (this.#closed) throw new Error('the journal is closed');
    this.#db.pragma(`busy_timeout = ${waitMs}`);
    try {
      // Prepared when first asked for: a read-only journal written by an older genvoy has no such table.
      this.#writeCheck ??= this.#db.prepare('INSERT INTO write_check (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
      this.#inTransaction(() => this.#writeCheck!.run(now));
    } finally {
      this.#db.pragma(`busy_timeout = ${busyMs}`);
    }
  }

  has(id: string): boolean {
    return this.#stateOf.get(id) !== undefined;
  }

  get(id: string): StoredDelivery | undefined {
    const row = this.#deliveryRow.get(id) as DeliveryRow | undefined;
    return row && toStored(row);
  }

  /** The delivery as the hooks saw it, rebuilt from the journal (for retries, recovery, replay). */
  delivery(id: string): Delivery | undefined {
    const row = this.#db
      .prepare('SELECT id, event, action, repository, branch, payload FROM deliveries WHERE id = ?')
      .get(id) as { id: string; event: string; action: string | null; repository: string | null; branch: string | null; payload: string } | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      event: row.event,
      action: row.action ?? undefined,
      repository: row.repository ?? undefined,
      branch: row.branch ?? undefined,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      json: Buffer.from(row.payload, 'utf8'),
    };
  }

  hooks(id: string): HookRun[] {
    return (this.#hookRows.all(id) as HookRow[]).map(({ hook, parent, state, attempts, next_at, result }) => ({
      hook,
      parent,
      state,
      attempts,
      next_at,
      result: result === null ? null : (JSON.parse(result) as HookResult),
    }));
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

  /** A delivery's payload as the JSON text it was received as, unparsed. */
  payload(id: string): string | undefined {
    return (this.#db.prepare('SELECT payload FROM deliveries WHERE id = ?').get(id) as { payload: string } | undefined)?.payload;
  }

  /** Sets the hooks that did not succeed back to pending (a redelivery from GitHub) and returns them. */
  again(id: string, now = Date.now()): RouteStep[] {
    return this.#db.transaction(() => {
      this.#db.prepare(`UPDATE hook_runs SET state = 'pending', next_at = NULL, updated_at = ? WHERE delivery_id = ? AND state != 'ok'`).run(now, id);
      this.#settleState(id, now);
      return this.#pendingSteps(id);
    })();
  }

  /** Starts a delivery over with a fresh route (a replay): every hook pending, attempts from zero. */
  restart(id: string, steps: readonly RouteStep[], now = Date.now()): void {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM hook_runs WHERE delivery_id = ?').run(id);
      steps.forEach((step, position) => this.#insertHook.run(id, position, step.hook, step.parent, 'pending', now));
      this.#settleState(id, now);
    })();
  }

  /** Deliveries with hooks that never finished (genvoy stopped or crashed meanwhile), oldest first. */
  unfinished(): Array<{ id: string; steps: RouteStep[] }> {
    const ids = this.#db
      .prepare(`SELECT DISTINCT d.id, d.seq FROM deliveries d JOIN hook_runs h ON h.delivery_id = d.id WHERE h.state = 'pending' ORDER BY d.seq`)
      .all() as Array<{ id: string }>;
    return ids.map(({ id }) => ({ id, steps: this.#pendingSteps(id) }));
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

  /** Removes finished deliveries received before `before`; pending ones stay whatever their age. */
  prune(before: number): number {
    return this.#db.transaction(() => {
      const old = `SELECT id FROM deliveries WHERE received_at < ? AND state != 'pending'`;
      this.#db.prepare(`DELETE FROM hook_runs WHERE delivery_id IN (${old})`).run(before);
      return this.#db.prepare(`DELETE FROM deliveries WHERE received_at < ? AND state != 'pending'`).run(before).changes;
    })();
  }

  close(): void {
    this.#commit(); // what is queued was promised
    this.#closed = true;
    this.#db.close();
  }

  /**
   * Group commit: queued writes share one transaction, so a burst costs one commit, not one
   * each. An accept is waited for (its answer waits), so it goes at the end of this turn of
   * the event loop; hook outcomes ride along with it, or go within `lazyMs`. Each promise
   * resolves once its write is committed; a write that fails rejects alone.
   */
  #soon<T>(write: () => T, urgent: boolean): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the journal is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (urgent && !this.#immediate) {
        this.#immediate = true;
        setImmediate(() => this.#commit());
      } else if (!urgent && !this.#immediate && !this.#lazy) {
        this.#lazy = setTimeout(() => this.#commit(), lazyMs);
      }
    });
  }

  #commit(): void {
    this.#immediate = false;
    clearTimeout(this.#lazy);
    this.#lazy = undefined;
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    let values: unknown[];
    try {
      values = this.#inTransaction(() => batch.map(({ write }) => write()));
    } catch {
      // A write failed and took the batch back with it: each goes again alone, so only it fails.
      for (const { write, resolve, reject } of batch) {
        try {
          resolve(this.#inTransaction(write));
        } catch (err) {
          reject(err);
        }
      }
      return;
    }
    batch.forEach(({ resolve }, i) => resolve(values[i]));
  }

  /** BEGIN and COMMIT as prepared statements: libsql's transaction() parses them on every call. */
  #inTransaction<T>(work: () => T): T {
    this.#begin.run();
    try {
      const value = work();
      this.#commitTransaction.run();
      return value;
    } catch (err) {
      if (this.#db.inTransaction) this.#rollback.run();
      throw err;
    }
  }


  #claim(role: JournalRole): void {
    this.#db.prepare(`INSERT INTO meta (key, value) VALUES ('role', ?) ON CONFLICT (key) DO NOTHING`).run(role);
    const { value } = this.#db.prepare(`SELECT value FROM meta WHERE key = 'role'`).get() as { value: string };
    if (value === role) return;
    this.#db.close();
    throw new ConfigError(
      `journal_path ${this.file} is the journal of a genvoy ${value}; genvoy ${role} cannot share it (each would take the other's deliveries): give each its own journal_path`,
    );
  }

  #pendingSteps(id: string): RouteStep[] {
    return this.#db
      .prepare(`SELECT hook, parent FROM hook_runs WHERE delivery_id = ? AND state = 'pending' ORDER BY position`)
      .all(id)
      .map((row) => {
        const { hook, parent } = row as RouteStep;
        return { hook, parent };
      });
  }

  #settleState(id: string, now: number): DeliveryState {
    const { open, dead } = this.#settle.get(id) as { open: number; dead: number };
    const state: DeliveryState = open > 0 ? 'pending' : dead > 0 ? 'dead' : 'done';
    this.#updateState.run(state, state === 'pending' ? null : now, id);
    return state;
  }
}

function toStored(row: DeliveryRow): StoredDelivery {
  const { headers, ...rest } = row;
  delete (rest as { _metadata?: unknown })._metadata;
  return { ...rest, headers: JSON.parse(headers) as Record<string, string> };
}
