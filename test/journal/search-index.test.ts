import Database from 'libsql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/intake/journal/journal.ts';
import { toDelivery } from '../../src/pipeline/parse/delivery.ts';
import { example } from '../support/examples.ts';

const ok = { returncode: 0, stdout: 'fine', stderr: '', status: 'ok' as const, duration_ms: 1 };
const failed = { returncode: 1, stdout: '', stderr: 'broken', status: 'failed' as const, duration_ms: 1 };

function issue(id: string, sender: string, title: string) {
  const payload = example('issues', (p) => p.action === 'opened');
  (payload.sender as Record<string, unknown>).login = sender;
  (payload.issue as Record<string, unknown>).title = title;
  return toDelivery({ event: 'issues', id }, payload, Buffer.from(JSON.stringify(payload)));
}

const ids = (journal: Journal, search: string) => journal.find({ search, limit: 100 }).deliveries.map((d) => d.id);

describe("the journal's search index", () => {
  it('is given to a journal made before it, from the payloads it holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-journal-'));
    const file = join(dir, 'journal.db');
    try {
      const made = new Journal(file);
      await made.accept(issue('old-1', 'monalisa', 'Spelling error in the README'), {}, []);
      await made.accept(issue('old-2', 'hubot', 'Crash on start'), {}, []);
      made.close();
      // As an earlier genvoy left it: no search index, no history.
      const old = new Database(file);
      old.exec('DROP TRIGGER delivery_search_delete; DROP TRIGGER hook_history_delete; DROP TABLE delivery_search; DROP TABLE hook_history;');
      old.close();

      const journal = new Journal(file);
      expect(ids(journal, 'monalisa')).toEqual(['old-1']);
      expect(ids(journal, 'crash')).toEqual(['old-2']);
      expect(ids(journal, 'Hello-World')).toEqual(['old-2', 'old-1']);
      // And keeps itself up to date from then on.
      await journal.accept(issue('new-1', 'monalisa', 'Another one'), {}, []);
      expect(ids(journal, 'monalisa')).toEqual(['new-1', 'old-1']);
      journal.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('forgets what was pruned, and keeps the runs before a replay until then', async () => {
    const journal = new Journal(':memory:');
    const steps = [
      { hook: 'issues', parent: 'issues' },
      { hook: 'issues+notes', parent: 'issues' },
    ];
    await journal.accept(issue('a', 'monalisa', 'Spelling error'), {}, steps, 1000);
    await journal.record('a', 'issues', failed, () => ({ state: 'dead', nextAt: null }), 2000);
    await journal.record('a', 'issues+notes', ok, () => ({ state: 'ok', nextAt: null }), 2000);

    // Failed only: the failed hook starts over, the other keeps its result; the run before is kept whole.
    expect(journal.restartFailed('a', 3000)).toEqual([{ hook: 'issues', parent: 'issues' }]);
    expect(journal.hooks('a').map((h) => [h.hook, h.state, h.attempts, h.result?.stdout ?? null])).toEqual([
      ['issues', 'pending', 0, null],
      ['issues+notes', 'ok', 1, 'fine'],
    ]);
    await journal.record('a', 'issues', ok, () => ({ state: 'ok', nextAt: null }), 4000);
    journal.restart('a', steps, 5000);
    const history = journal.history('a');
    expect(history.map((run) => [run.run, run.ended_at, run.hooks.map((h) => `${h.hook} ${h.state} ${h.result?.stdout || h.result?.stderr}`)])).toEqual([
      [2, 5000, ['issues ok fine', 'issues+notes ok fine']],
      [1, 3000, ['issues dead broken', 'issues+notes ok fine']],
    ]);

    await journal.record('a', 'issues', ok, () => ({ state: 'ok', nextAt: null }), 6000);
    await journal.record('a', 'issues+notes', ok, () => ({ state: 'ok', nextAt: null }), 6000);
    expect(journal.prune(7000)).toBe(1);
    expect(ids(journal, 'monalisa')).toEqual([]);
    expect(journal.history('a')).toEqual([]);
    journal.close();
  });
});
