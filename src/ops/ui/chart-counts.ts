import type { Journal } from '../../intake/journal/journal.ts';
import { chartSpans, toSeries, type Series } from './buckets.ts';
import { cachedFor } from './cached.ts';

/** How stale a closed bucket may be: a delivery's state changing later (a retry, a replay) shows within this. */
const closedMaxAgeMs = 60_000;

/** Time zones whose closed buckets are kept counted: pages open in more than this many count theirs more often. */
const offsetsKept = 8;

/**
 * The page's chart counts, for a page's time zone (`offsetMs` east of UTC). The closed
 * buckets (every one but the current hour's or day's) are counted at most once a minute for
 * every open page in that zone together; the current bucket is counted on each ask, so a
 * delivery shows as soon as it arrived.
 */
export function chartCounts(journal: Journal): (offsetMs?: number, now?: number) => Series[] {
  const closedFor = () =>
    chartSpans(0).map(({ bucketMs, count }) => cachedFor(closedMaxAgeMs, (start: number) => journal.histogram(start, bucketMs, start + (count - 1) * bucketMs)));
  const zones = new Map<number, ReturnType<typeof closedFor>>();
  return (offsetMs = 0, now = Date.now()) => {
    let closed = zones.get(offsetMs);
    if (!closed) {
      if (zones.size >= offsetsKept) zones.delete(zones.keys().next().value!);
      zones.set(offsetMs, (closed = closedFor()));
    }
    return chartSpans(now, offsetMs).map((span, i) => {
      const last = span.count - 1;
      const current = journal.histogram(span.start + last * span.bucketMs, span.bucketMs).map((row) => ({ ...row, bucket: row.bucket + last }));
      return toSeries([...closed[i]!(span.start, now), ...current], span);
    });
  };
}
