import type { Journal } from '../../intake/journal/journal.ts';
import { chartSpans, toSeries, type Series } from './buckets.ts';
import { cachedFor } from './cached.ts';

/** How stale a closed bucket may be: a delivery's state changing later (a retry, a replay) shows within this. */
const closedMaxAgeMs = 60_000;

/**
 * The page's chart counts. The closed buckets (every one but the current hour's or day's)
 * are counted at most once a minute for every open page together; the current bucket is
 * counted on each ask, so a delivery shows as soon as it arrived.
 */
export function chartCounts(journal: Journal): (now?: number) => Series[] {
  const closed = chartSpans(0).map(({ bucketMs, count }) =>
    cachedFor(closedMaxAgeMs, (start: number) => journal.histogram(start, bucketMs, start + (count - 1) * bucketMs)),
  );
  return (now = Date.now()) =>
    chartSpans(now).map((span, i) => {
      const last = span.count - 1;
      const current = journal.histogram(span.start + last * span.bucketMs, span.bucketMs).map((row) => ({ ...row, bucket: row.bucket + last }));
      return toSeries([...closed[i]!(span.start, now), ...current], span);
    });
}
