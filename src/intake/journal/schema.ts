/**
 * The journal's tables. `seq` keeps the order deliveries arrived in (recovery runs them in
 * that order); a delivery's hooks keep their route order in `position`.
 */
export const schema = `
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event TEXT NOT NULL,
  action TEXT,
  repository TEXT,
  branch TEXT,
  received_at INTEGER NOT NULL,
  headers TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_state ON deliveries (state, seq);
-- The web page's charts read only this index (the state without the payload stored before
-- it in the row), and its filters list the distinct events and repositories from the next two.
-- It replaces the older index on received_at alone, which journals made earlier still have.
DROP INDEX IF EXISTS deliveries_received;
CREATE INDEX IF NOT EXISTS deliveries_received_state ON deliveries (received_at, state, id);
CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries (event);
CREATE INDEX IF NOT EXISTS deliveries_repository ON deliveries (repository);

CREATE TABLE IF NOT EXISTS hook_runs (
  delivery_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  hook TEXT NOT NULL,
  parent TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER,
  result TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, hook)
);
CREATE INDEX IF NOT EXISTS hook_runs_due ON hook_runs (state, next_at);

-- The hooks' results of a delivery's earlier runs, kept when it is run again (a replay):
-- \`run\` counts its runs from 1, \`ended_at\` is when the run was set aside.
CREATE TABLE IF NOT EXISTS hook_history (
  delivery_id TEXT NOT NULL,
  run INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  hook TEXT NOT NULL,
  parent TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  result TEXT,
  PRIMARY KEY (delivery_id, run, position)
);
-- Goes with its delivery (pruned, forgotten), whichever write removes it.
CREATE TRIGGER IF NOT EXISTS hook_history_delete AFTER DELETE ON deliveries BEGIN
  DELETE FROM hook_history WHERE delivery_id = old.id;
END;

-- A delivery's payload, apart from its row (by its seq): SQLite writes a row anew at each
-- change, and a delivery's row changes with each hook's outcome. Such a delivery's own
-- payload column is ''. Rows journaled before hold theirs in that column, as do large
-- payloads' file names ('@…').
CREATE TABLE IF NOT EXISTS payloads (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);

-- One row, written again by each readiness check: proof that a write reaches the file.
CREATE TABLE IF NOT EXISTS write_check (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);

-- Facts about the file itself: "role", the kind of process that first opened it (JournalRole).
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * The web page's search: a full-text index over what a delivery is searched by (its id, event,
 * action and repository, and the sender and title read from its payload: search-facts.ts),
 * added to by the writer (search-index.ts) and emptied with its delivery by a trigger. Names
 * keep their - and _ (a sender, a repository, an event, a delivery id is one word), and each
 * word of a search finds the words that start with it (prefix indexes make the short ones
 * cheap). It records which rows hold a word, not where in them (detail = none): a search needs
 * no more, and a delivery costs less to index. Its copy of those columns serves the list too,
 * in small rows, instead of the deliveries' own, past each one's payload. Made, and filled
 * from the payloads a journal made before it holds, by journal-upgrade.ts.
 */
export const searchSchema = `
CREATE VIRTUAL TABLE delivery_search USING fts5 (
  id, event, action, repository, sender, title,
  tokenize = "unicode61 tokenchars '-_'", prefix = '2 3', detail = none
);
CREATE TRIGGER delivery_search_delete AFTER DELETE ON deliveries BEGIN
  DELETE FROM delivery_search WHERE rowid = old.seq;
END;
`;
