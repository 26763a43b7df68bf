import type { DeliveryOutcome } from '../../intake/journal/journal-types.ts';

export type Counts = Record<DeliveryOutcome, number>;

export interface Series {
  /** When the first bucket starts (ms since the epoch). */
  start: number;
  bucketMs: number;
  buckets: Counts[];
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * The page's two charts: the last 24 hours by hour, and the last 30 days by day, each ending
 * with the current one. Hours and days begin where the page's clock has them begin, `offsetMs`
 * east of UTC (the offset of now: across a change to or from summer time the oldest days are
 * an hour off).
 */
export function chartSpans(now: number, offsetMs = 0): Array<{ start: number; bucketMs: number; count: number }> {
  const startOf = (bucketMs: number) => Math.floor((now + offsetMs) / bucketMs) * bucketMs - offsetMs;
  return [
    { start: startOf(hourMs) - 23 * hourMs, bucketMs: hourMs, count: 24 },
    { start: startOf(dayMs) - 29 * dayMs, bucketMs: dayMs, count: 30 },
  ];
}

/** The journal's counts per bucket and outcome, as one entry per bucket (empty ones included). */
export function toSeries(
  rows: ReadonlyArray<{ bucket: number; outcome: DeliveryOutcome; count: number }>,
  span: { start: number; bucketMs: number; count: number },
): Series {
  const buckets = Array.from({ length: span.count }, (): Counts => ({ pending: 0, done: 0, dead: 0, none: 0 }));
  for (const { bucket, outcome, count } of rows) {
    const counts = buckets[bucket];
    if (counts) counts[outcome] += count;
  }
  return { start: span.start, bucketMs: span.bucketMs, buckets };
}
