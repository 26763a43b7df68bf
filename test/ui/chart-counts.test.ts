import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.ts';
import type { Delivery } from '../../src/parse/delivery.ts';
import { chartSpans, toSeries } from '../../src/ui/buckets.ts';

const hour = 3_600_000;
const delivery = (id: string, event = 'issues'): Delivery => ({ id, event, repository: 'acme/website', payload: {}, json: Buffer.from('{}') });
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
});
