/**
 * The journal's writes: deliveries accepted, hooks' outcomes recorded, deliveries run again or
 * started over, old ones pruned. accept() and record() go through group commit and resolve
 * once committed, so what was acknowledged (an answer, a hook's result) survives a kill -9.
 */
import type Database from 'libsql';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { GroupCommit } from './group-commit.ts';
import { keepRun } from './hook-history.ts';
import { busyMs } from './journal-file.ts';
import { pendingSteps } from './journal-rows.ts';
import type { Accepted, Decide, DeliveryState, Outcome } from './journal-types.ts';
import { FILE_BYTES, type PayloadFiles } from './payload-files.ts';
import { SearchIndex } from './search-index.ts';

export class JournalWriter {
  readonly #db: Database.Database;
  readonly #commits: GroupCommit;
  readonly #files: PayloadFiles;
  readonly #insertDelivery;
  readonly #insertPayload;
  readonly #insertHook;
  readonly #stateOf;
  readonly #attemptsOf;
  readonly #updateHook;
  readonly #updateState;
  readonly #settle;
  readonly #search: SearchIndex;
  #writeCheck: Database.Statement | undefined;

  constructor(db: Database.Database, commits: GroupCommit, files: PayloadFiles) {
    this.#db = db;
    this.#commits = commits;
    this.#files = files;
    this.#insertDelivery = db.prepare(
      `INSERT INTO deliveries (id, event, action, repository, branch, received_at, headers, payload, state, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertPayload = db.prepare('INSERT INTO payloads (seq, json) VALUES (?, ?)');
    this.#insertHook = db.prepare(
      'INSERT INTO hook_runs (delivery_id, position, hook, parent, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // libsql's statements have no pluck(): rows are read as objects throughout.
    this.#stateOf = db.prepare('SELECT state FROM deliveries WHERE id = ?');
    this.#attemptsOf = db.prepare('SELECT attempts FROM hook_runs WHERE delivery_id = ? AND hook = ?');
    this.#updateHook = db.prepare(
      'UPDATE hook_runs SET state = ?, attempts = attempts + 1, next_at = ?, result = ?, updated_at = ? WHERE delivery_id = ? AND hook = ?',
    );
    // A row whose state stays is not written again (with its indexes): a delivery's hooks before its last leave it pending.
    this.#updateState = db.prepare('UPDATE deliveries SET state = ?1, finished_at = ?2 WHERE id = ?3 AND state != ?1');
    this.#settle = db.prepare(
      `SELECT coalesce(sum(state IN ('pending', 'retry')), 0) AS open, coalesce(sum(state = 'dead'), 0) AS dead
       FROM hook_runs WHERE delivery_id = ?`,
    );
    this.#search = new SearchIndex(db);
  }

  /**
   * Records a delivery and the hooks it is routed to, all pending, unless its id is known:
   * then nothing is written and its state says whether it needs to run again.
   */
  async accept(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[], now = Date.now()): Promise<Accepted> {
    // A large payload's file is written first (a known delivery's never is), and removed if its row is not committed.
    const file = delivery.json.length < FILE_BYTES || this.has(delivery.id) ? undefined : await this.#files.keep(delivery.json);
    try {
      const accepted = await this.#commits.soon(() => this.#accept(delivery, headers, steps, now, file));
      if (file !== undefined && accepted.kind === 'known') this.#files.remove([file]);
      return accepted;
    } catch (err) {
      if (file !== undefined) this.#files.remove([file]);
      throw err;
    }
  }

  /** Records what a hook's run did; `decide` says, from its number of runs, what state that leaves it in. */
  record(id: string, hook: string, result: HookResult, decide: Decide, now = Date.now()): Promise<Outcome> {
    return this.#commits.soon(() => this.#record(id, hook, result, decide, now));
  }

  /** Whether a delivery's id is known: what accept() asks first. */
  has(id: string): boolean {
    return this.#stateOf.get(id) !== undefined;
  }

  /**
   * Writes a row and commits it, as deliveries are journaled, waiting at most `waitMs` for a
   * lock another process holds: whether deliveries can be accepted now (readiness). Throws
   * why not. The wait blocks the event loop, as every journal write does: keep it short.
   */
  checkWritable(waitMs: number, now = Date.now()): void {
    if (this.#commits.closed) throw new Error('the journal is closed');
    this.#db.pragma(`busy_timeout = ${waitMs}`);
    try {
      // Prepared when first asked for: a read-only journal written by an older genvoy has no such table.
      this.#writeCheck ??= this.#db.prepare('INSERT INTO write_check (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
      this.#commits.inTransaction(() => this.#writeCheck!.run(now));
    } finally {
      this.#db.pragma(`busy_timeout = ${busyMs}`);
    }
  }

  /** Sets the hooks that did not succeed back to pending (a redelivery from GitHub) and returns them. */
  again(id: string, now = Date.now()): RouteStep[] {
    return this.#db.transaction(() => {
      this.#db.prepare(`UPDATE hook_runs SET state = 'pending', next_at = NULL, updated_at = ? WHERE delivery_id = ? AND state != 'ok'`).run(now, id);
      this.#settleState(id, now);
      return pendingSteps(this.#db, id);
    })();
  }

  /**
   * Starts a delivery over with a fresh route (a replay): every hook pending, attempts from
   * zero; the results of the run before are kept in its history.
   */
  restart(id: string, steps: readonly RouteStep[], now = Date.now()): void {
    this.#db.transaction(() => {
      keepRun(this.#db, id, now);
      this.#db.prepare('DELETE FROM hook_runs WHERE delivery_id = ?').run(id);
      steps.forEach((step, position) => this.#insertHook.run(id, position, step.hook, step.parent, 'pending', now));
      this.#settleState(id, now);
    })();
  }

  /**
   * Runs again only the hooks that did not succeed (a replay of the failed ones): they start
   * over from zero attempts, the rest keep their results; the run before is kept in the history.
   */
  restartFailed(id: string, now = Date.now()): RouteStep[] {
    return this.#db.transaction(() => {
      keepRun(this.#db, id, now);
      this.#db
        .prepare(`UPDATE hook_runs SET state = 'pending', attempts = 0, next_at = NULL, result = NULL, updated_at = ? WHERE delivery_id = ? AND state != 'ok'`)
        .run(now, id);
      this.#settleState(id, now);
      return pendingSteps(this.#db, id);
    })();
  }

  /** Removes finished deliveries received before `before`, and their payload files; pending ones stay whatever their age. */
  prune(before: number): number {
    const { removed, files } = this.#db.transaction(() => {
      const old = `SELECT id FROM deliveries WHERE received_at < ? AND state != 'pending'`;
      const files = this.#db.prepare(`SELECT payload FROM deliveries WHERE received_at < ? AND state != 'pending' AND payload LIKE '@%'`).all(before) as Array<{ payload: string }>;
      this.#db.prepare(`DELETE FROM hook_runs WHERE delivery_id IN (${old})`).run(before);
      this.#db.prepare(`DELETE FROM payloads WHERE seq IN (SELECT seq FROM deliveries WHERE received_at < ? AND state != 'pending')`).run(before);
      return { removed: this.#db.prepare(`DELETE FROM deliveries WHERE received_at < ? AND state != 'pending'`).run(before).changes, files };
    })();
    this.#files.remove(files.map((row) => row.payload));
    const named = this.#db.prepare('SELECT 1 FROM deliveries WHERE payload = ?');
    this.#files.sweep((column) => named.get(column) !== undefined);
    return removed;
  }

  /**
   * Removes the finished deliveries of one repository (by name, as routing knows it), their
   * hook runs and their payload files: their ids, and how many of its deliveries stay because
   * they still run.
   */
  forget(repository: string): { removed: string[]; pending: number } {
    const finished = `SELECT id FROM deliveries WHERE repository = ? AND state != 'pending'`;
    const { files, ...forgotten } = this.#db.transaction(() => {
      const removed = (this.#db.prepare(finished).all(repository) as Array<{ id: string }>).map((row) => row.id);
      const files = this.#db.prepare(`SELECT payload FROM deliveries WHERE id IN (${finished}) AND payload LIKE '@%'`).all(repository) as Array<{ payload: string }>;
      this.#db.prepare(`DELETE FROM hook_runs WHERE delivery_id IN (${finished})`).run(repository);
      this.#db.prepare(`DELETE FROM payloads WHERE seq IN (SELECT seq FROM deliveries WHERE id IN (${finished}))`).run(repository);
      this.#db.prepare(`DELETE FROM deliveries WHERE id IN (${finished})`).run(repository);
      const { pending } = this.#db.prepare(`SELECT count(*) AS pending FROM deliveries WHERE repository = ?`).get(repository) as { pending: number };
      return { removed, pending, files };
    })();
    this.#files.remove(files.map((row) => row.payload));
    return forgotten;
  }

  #accept(delivery: Delivery, headers: Record<string, string>, steps: readonly RouteStep[], now: number, file: string | undefined): Accepted {
    const known = this.#stateOf.get(delivery.id) as { state: DeliveryState } | undefined;
    if (known) return { kind: 'known', state: known.state };
    const { lastInsertRowid: seq } = this.#insertDelivery.run(
      delivery.id,
      delivery.event,
      delivery.action ?? null,
      delivery.repository ?? null,
      delivery.branch ?? null,
      now,
      JSON.stringify(headers),
      file ?? '',
      steps.length ? 'pending' : 'done',
      steps.length ? null : now,
    );
    this.#search.add(seq, delivery);
    if (file === undefined) this.#insertPayload.run(seq, delivery.json.toString('utf8'));
    steps.forEach((step, position) => this.#insertHook.run(delivery.id, position, step.hook, step.parent, 'pending', now));
    return { kind: 'new' };
  }

  #record(id: string, hook: string, result: HookResult, decide: Decide, now: number): Outcome {
    const attempts = ((this.#attemptsOf.get(id, hook) as { attempts: number } | undefined)?.attempts ?? 0) + 1;
    const decided = decide(attempts);
    this.#updateHook.run(decided.state, decided.nextAt, JSON.stringify(result), now, id, hook);
    return { attempts, ...decided, delivery: this.#settleState(id, now) };
  }

  #settleState(id: string, now: number): DeliveryState {
    const { open, dead } = this.#settle.get(id) as { open: number; dead: number };
    const state: DeliveryState = open > 0 ? 'pending' : dead > 0 ? 'dead' : 'done';
    this.#updateState.run(state, state === 'pending' ? null : now, id);
    return state;
  }
}
