/**
 * The web page's list of deliveries: filters, a search over the index of what a delivery is
 * searched by (schema.ts's delivery_search), the total that matches, and pages newest first,
 * each following the one before by `seq` (the order they arrived in), so that a page far down
 * costs what the first does. A page's deliveries are chosen from indexes first, then read
 * from columns that lie before the payload in their rows, from the search index's copy, and
 * from the index of states: never through a payload's overflow pages.
 */
import type Database from 'libsql';
import { earlierRuns } from './hook-history.ts';
import type { DeliveryState, EarlierRun, FoundDelivery } from './journal-types.ts';

export interface DeliveryQuery {
  state?: DeliveryState;
  event?: string;
  repository?: string;
  /** Words, each the start of a word in the id, event, action, repository, sender or title. */
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

/** Shorter words would each match a large part of the index (and have no prefix index of their own). */
export const minWordChars = 2;

/** The search's words (callers refuse those shorter than `minWordChars`). */
export function searchWords(search: string): string[] {
  return search.split(/\s+/).filter((word) => word !== '');
}

/**
 * The index's words in a search's words, as the index splits text (schema.ts: at anything but
 * letters, digits, - and _), each as an FTS5 string that finds the words starting with it. A
 * piece shorter than `minWordChars` inside a longer word (the 2 of v1.2) is left out.
 */
function matchTerms(words: readonly string[]): string[] {
  return words
    .flatMap((word) => word.split(/[^\p{L}\p{N}\p{M}_-]+/u))
    .filter((piece) => [...piece].length >= minWordChars)
    .map((piece) => `"${piece}"*`);
}

/** A delivery's state, read from the index that holds it rather than from the row's end, past its payload. */
const stateOf = '(SELECT x.state FROM deliveries x INDEXED BY deliveries_received_state WHERE x.received_at = d.received_at AND x.id = d.id)';

/** A listed delivery's columns: those before the payload, the search index's copy, the state from its index. */
const listed = `d.seq, d.id, d.event, d.action, d.repository, d.branch, d.received_at, s.sender, s.title, ${stateOf} AS state,
  (SELECT count(*) FROM hook_runs h WHERE h.delivery_id = d.id) AS hooks`;

export class JournalSearch {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  page(query: DeliveryQuery): DeliveryPage {
    const match = matchTerms(searchWords(query.search ?? '')).join(' AND ');
    const where: string[] = [];
    const params: unknown[] = [];
    // Without a search, the index of states answers this; with one, each match's state is looked up in the other.
    if (query.state) (where.push(match ? `${stateOf} = ?` : 'd.state = ?'), params.push(query.state));
    if (query.event) (where.push('d.event = ?'), params.push(query.event));
    if (query.repository) (where.push('d.repository = ?'), params.push(query.repository));
    if (query.from !== undefined) (where.push('d.received_at >= ?'), params.push(query.from));
    if (query.until !== undefined) (where.push('d.received_at < ?'), params.push(query.until));
    // With a search, the index gives the matches newest first; the deliveries' own filters, if any, are checked on
    // their rows (CROSS JOIN keeps the index outside: SQLite's planner would otherwise walk every delivery in a state).
    const [from, key, matchParams] = match
      ? [`delivery_search s${where.length ? ' CROSS JOIN deliveries d ON d.seq = s.rowid' : ''}`, 's.rowid', [match]]
      : ['deliveries d', 'd.seq', []];
    const filters = [...(match ? ['s.delivery_search MATCH ?'] : []), ...where];
    const filterParams = [...matchParams, ...params];
    const matching = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const { total } = this.#db.prepare(`SELECT count(*) AS total FROM ${from} ${matching}`).get(...filterParams) as { total: number };
    const paged = query.before === undefined ? matching : `WHERE ${[...filters, `${key} < ?`].join(' AND ')}`;
    const pageParams = query.before === undefined ? filterParams : [...filterParams, query.before];
    const rows = this.#db
      .prepare(
        `SELECT ${listed} FROM deliveries d LEFT JOIN delivery_search s ON s.rowid = d.seq
         WHERE d.seq IN (SELECT ${key} FROM ${from} ${paged} ORDER BY ${key} DESC LIMIT ?) ORDER BY d.seq DESC`,
      )
      .all(...pageParams, query.limit + 1) as Array<FoundDelivery & { _metadata?: unknown }>;
    const more = rows.length > query.limit;
    const deliveries = rows.slice(0, query.limit).map(({ _metadata, ...row }) => row);
    return { deliveries, total, ...(more ? { next: deliveries.at(-1)!.seq } : {}) };
  }

  history(id: string): EarlierRun[] {
    return earlierRuns(this.#db, id);
  }
}
