/**
 * A value computed again only when it is `maxAgeMs` old or its key changed, shared by every
 * caller: what every open page polls for is computed once for all of them, not once per page
 * (the chart's current bucket is still counted at each poll; see chart-counts.ts).
 */
export function cachedFor<K, T>(maxAgeMs: number, compute: (key: K) => T): (key: K, now?: number) => T {
  let last: { key: K; at: number; value: T } | undefined;
  return (key, now = Date.now()) => {
    if (!last || last.key !== key || now - last.at >= maxAgeMs || now < last.at) last = { key, at: now, value: compute(key) };
    return last.value;
  };
}
