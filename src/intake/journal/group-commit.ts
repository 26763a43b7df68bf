/**
 * Group commit: the journal's writes share transactions, so a burst of deliveries costs one
 * commit, not one each. This owns the queue of writes waiting to commit, when it commits,
 * and the transaction they commit in.
 */
import type Database from 'libsql';

export class GroupCommit {
  readonly #db: Database.Database;
  readonly #begin;
  readonly #commitTransaction;
  readonly #rollback;
  readonly #queue: Array<{ write: () => unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void }> = [];
  #closed = false;
  #scheduled = false;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#begin = db.prepare('BEGIN');
    this.#commitTransaction = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Queues a write. It commits at the end of this turn of the event loop, with every write
   * queued in the same turn: each is waited for (an answer, the delivery's next hook, or the
   * hook's next run in the repository), so none is held back for company. The promise
   * resolves once its write is committed; a write that fails rejects alone.
   */
  soon<T>(write: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the journal is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#commit());
      }
    });
  }

  /** BEGIN and COMMIT as prepared statements: libsql's transaction() parses them on every call. */
  inTransaction<T>(work: () => T): T {
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

  /** Commits what is queued (it was promised) and takes no more writes. */
  close(): void {
    this.#commit();
    this.#closed = true;
  }

  #commit(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    let values: unknown[];
    try {
      values = this.inTransaction(() => batch.map(({ write }) => write()));
    } catch {
      // A write failed and took the batch back with it: each goes again alone, so only it fails.
      for (const { write, resolve, reject } of batch) {
        try {
          resolve(this.inTransaction(write));
        } catch (err) {
          reject(err);
        }
      }
      return;
    }
    batch.forEach(({ resolve }, i) => resolve(values[i]));
  }
}
