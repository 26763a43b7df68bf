import Database from 'libsql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/intake/journal/journal.ts';
import type { Delivery } from '../../src/pipeline/parse/delivery.ts';
import { chartSpans, toSeries, type Counts } from '../../src/ops/ui/buckets.ts';
import { cachedFor } from '../../src/ops/ui/cached.ts';
import { chartCounts } from '../../src/ops/ui/chart-counts.ts';
import { testDelivery } from '../support/delivery.ts';

const hour = 3_600_000;
const delivery = (id: string, event = 'issues'): Delivery => testDelivery(id, { event, action: undefined, repository: 'acme/website', lane: 'acme/website', payload: {} });
const step = [{ hook: 'issues', parent: 'issues' }];

describe("the web page's counts", () => {
  it('counts deliveries per hour and outcome, telling "no hook" from done', async () => {
    const journal = new Journal(':memory:');
    const now = Date.UTC(2026, 10, 29, 12, 30);
    const [day] = chartSpans(now);
    expect(day).toEqual({ start: Date.UTC(2026, 10, 28, 13), bucketMs: hour, count: 24 });
    await journal.accept(delivery('old'), {}, [], day!.start - 1); // before the chart: not counted
    await journal.accept(delivery('none'), {}, [], day!.start);
    await journal.accept(delivery('done'), {}, step, day!.start + hour - 1);
    await journal.record('done', 'issues', { returncode: 0, stdout: '', stderr: '', status: 'ok', duration_ms: 1 }, () => ({ state: 'ok', nextAt: null }));
    await journal.accept(delivery('dead'), {}, step, now);
    await journal.record('dead', 'issues', { returncode: 1, stdout: '', stderr: 'no', status: 'failed', duration_ms: 1 }, () => ({ state: 'dead', nextAt: null }));
    await journal.accept(delivery('pending'), {}, step, now);

    const series = toSeries(journal.histogram(day!.start, day!.bucketMs), day!);
    expect(series.buckets).toHaveLength(24);
    expect(series.buckets[0]).toEqual({ pending: 0, done: 1, dead: 0, none: 1 });
    expect(series.buckets[23]).toEqual({ pending: 1, done: 0, dead: 1, none: 0 });
    expect(series.buckets.slice(1, 23).every((b) => b.pending + b.done + b.dead + b.none === 0)).toBe(true);
    journal.close();
  });

  it('lists with the number of hooks, finds part of an id, and knows the events and repositories seen', async () => {
    const journal = new Journal(':memory:');
    await journal.accept(delivery('abc-123'), {}, step);
    await journal.accept(delivery('def-456', 'push'), {}, []);
    expect(journal.list({ search: 'c-12' }).map((d) => [d.id, d.hooks])).toEqual([['abc-123', 1]]);
    expect(journal.list().map((d) => d.hooks)).toEqual([0, 1]);
    expect(journal.seen()).toEqual({ events: ['issues', 'push'], repositories: ['acme/website'] });
    journal.close();
  });

  it('counts the closed buckets again at most once a minute, and the current one on every ask', async () => {
    const journal = new Journal(':memory:');
    const chart = chartCounts(journal);
    const now = Date.UTC(2026, 10, 29, 12, 30);
    const total = (counts: Counts | undefined) => (counts ? counts.pending + counts.done + counts.dead + counts.none : NaN);
    const counted = (at: number) => chart(0, at).map((series) => series.buckets.map(total));
    await journal.accept(delivery('an hour ago'), {}, [], now - hour);
    expect(counted(now)[0]!.slice(-2)).toEqual([1, 0]);

    await journal.accept(delivery('also an hour ago'), {}, [], now - hour);
    await journal.accept(delivery('just now'), {}, [], now);
    // The new one shows at once; the one in a closed hour waits for the next count of those.
    expect(counted(now + 1000)[0]!.slice(-2)).toEqual([1, 1]);
    expect(counted(now + 1000)[1]!.at(-1)).toBe(3); // today's bucket is the current one
    expect(counted(now + 60_000)[0]!.slice(-2)).toEqual([2, 1]);
    journal.close();
  });

  it('computes a cached value again when it is old or its key changed', () => {
    let computed = 0;
    const value = cachedFor(1000, (key: string) => `${key} ${++computed}`);
    expect([value('a', 0), value('a', 999), value('b', 999), value('b', 1998), value('b', 1999)]).toEqual(['a 1', 'a 1', 'b 2', 'b 2', 'b 3']);
  });

  it("gives a journal made by an earlier genvoy the web page's indexes", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-journal-'));
    const file = join(dir, 'journal.db');
    try {
      new Journal(file).close();
      const old = new Database(file);
      old.exec('DROP INDEX deliveries_received_state; DROP INDEX deliveries_event; DROP INDEX deliveries_repository');
      old.exec('CREATE INDEX deliveries_received ON deliveries (received_at)');
      old.close();
      new Journal(file).close();
      const db = new Database(file);
      const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL ORDER BY name`).all() as Array<{ name: string }>).map((row) => row.name);
      db.close();
      expect(indexes).toEqual(['deliveries_event', 'deliveries_received_state', 'deliveries_repository', 'deliveries_state']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
