/**
 * The web page's list of deliveries: filters, a search over the index of what a delivery is
 * searched by (schema.ts's delivery_search), the total that matches, and pages newest first,
 * each following the one before by `seq` (the order they arrived in), so that a page far down
 * costs what the first does.
 */
import type Database from 'libsql';
import { earlierRuns } from './hook-history.ts';
import type { DeliveryState, EarlierRun, FoundDelivery } from './journal-types.ts';

export interface DeliveryQuery {
  state?: DeliveryState;
  event?: string;
  repository?: string;
  /** Words each found in the id, event, action, repository, sender or title (3 characters or more each). */
  search?: string;
  /** Received from (ms, included) and until (ms, excluded). */
  from?: number;
  until?: number;
  /** The page after the one that ended with this `seq`. */
  before?: number;
  limit: number;
}

export interface DeliveryPage {
  deliveries: FoundDelivery[];
  /** How many deliveries match, over all pages. */
  total: number;
  /** What to ask for as `before` for the next page; absent on the last. */
  next?: number;
}

/** The trigram index finds words of 3 characters or more only. */
export const minWordChars = 3;

/** The search's words (callers refuse those shorter than `minWordChars`: they would match nothing). */
export function searchWords(search: string): string[] {
  return search.split(/\s+/).filter((word) => word !== '');
}

export class JournalSearch {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  page(query: DeliveryQuery): DeliveryPage {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.state) (where.push('state = ?'), params.push(query.state));
    if (query.event) (where.push('event = ?'), params.push(query.event));
    if (query.repository) (where.push('repository = ?'), params.push(query.repository));
    if (query.from !== undefined) (where.push('received_at >= ?'), params.push(query.from));
    if (query.until !== undefined) (where.push('received_at < ?'), params.push(query.until));
    const words = searchWords(query.search ?? '');
    // Each word a phrase, its quotes doubled: FTS5 takes it as text, never as its query syntax.
    const phrases = words.map((word) => `"${word.replaceAll('"', '""')}"`);
    if (words.length) (where.push('seq IN (SELECT rowid FROM delivery_search WHERE delivery_search MATCH ?)'), params.push(phrases.join(' AND ')));
    const matching = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { total } = this.#db.prepare(`SELECT count(*) AS total FROM deliveries ${matching}`).get(...params) as { total: number };
    const paged = query.before === undefined ? matching : `${matching ? `${matching} AND` : 'WHERE'} seq < ?`;
    const rows = this.#db
      .prepare(
        `SELECT seq, id, event, action, repository, branch, received_at, state, finished_at, sender, title,
           (SELECT count(*) FROM hook_runs h WHERE h.delivery_id = d.id) AS hooks
         FROM deliveries d ${paged} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...params, ...(query.before === undefined ? [] : [query.before]), query.limit + 1) as Array<FoundDelivery & { _metadata?: unknown }>;
    const more = rows.length > query.limit;
    const deliveries = rows.slice(0, query.limit).map(({ _metadata, ...row }) => row);
    return { deliveries, total, ...(more ? { next: deliveries.at(-1)!.seq } : {}) };
  }

  history(id: string): EarlierRun[] {
    return earlierRuns(this.#db, id);
  }
}
