/**
 * Adds a journaled delivery to the web page's search index (schema.ts's delivery_search), in
 * the transaction that journals it. A statement of the writer's own rather than a trigger:
 * SQLite runs a trigger's insert at about three times the cost.
 */
import type Database from 'libsql';
import type { Delivery } from '../../pipeline/parse/delivery.ts';

export class SearchIndex {
  readonly #db: Database.Database;
  #insert: Database.Statement | undefined;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(seq: number | bigint, delivery: Pick<Delivery, 'id' | 'event' | 'action' | 'repository' | 'sender' | 'title'>): void {
    // Prepared when first used: a journal an earlier genvoy writes, read beside it, has no index (and takes no writes).
    this.#insert ??= this.#db.prepare('INSERT INTO delivery_search (rowid, id, event, action, repository, sender, title) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#insert.run(seq, delivery.id, delivery.event, delivery.action ?? null, delivery.repository ?? null, delivery.sender ?? null, delivery.title ?? null);
  }
}
