import autocannon, { type Options } from 'autocannon';
import type { SignedDelivery } from './payload.ts';
import { percentile } from './stats.ts';

export interface Measurement {
  /** Deliveries answered per second: the mean of autocannon's one-second samples. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface LoadOptions {
  url: string;
  delivery: SignedDelivery;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Makes the X-GitHub-Delivery of each request: called once per request sent, and only then. */
  nextId: () => string;
}

export interface DistinctLoadOptions extends Omit<LoadOptions, 'duration'> {
  /** How many deliveries to send in all. */
  amount: number;
}

/**
 * POSTs the same signed push over `connections` keep-alive connections for `duration` seconds,
 * each request with its own X-GitHub-Delivery: genvoy journals every delivery and answers a
 * known id from the journal without running its hooks, so one id sent again and again
 * would measure that shortcut rather than a delivery.
 */
export function load({ url, delivery, connections, duration, nextId }: LoadOptions): Promise<Measurement> {
  return measure({ url, method: 'POST', connections, duration, body: delivery.body, headers: delivery.headers, timeout: 10, requests: [{ setupRequest: withId(nextId, delivery) }] }).then(({ lastAnswerAt: _, ...result }) => result);
}

/**
 * POSTs `amount` deliveries as `load` does, then stops. Deliveries per second here is the
 * amount over the time to the last answer: a short run has no steady one-second samples, and
 * autocannon itself ends an `amount` run only at its next one-second tick.
 */
export async function loadDistinct({ url, delivery, connections, amount, nextId }: DistinctLoadOptions): Promise<Measurement> {
  const started = performance.now();
  const { lastAnswerAt, ...result } = await measure({ url, method: 'POST', connections, amount, body: delivery.body, headers: delivery.headers, timeout: 10, requests: [{ setupRequest: withId(nextId, delivery) }] });
  return { ...result, rps: result.requests / ((lastAnswerAt - started) / 1000) };
}

/**
 * autocannon builds each request anew when it has a `setupRequest`: each gets its own id,
 * and the repositories take turns (their bodies and signatures).
 */
function withId(nextId: () => string, delivery: SignedDelivery) {
  let turn = 0;
  return (request: { headers: Record<string, string>; body?: string }) => {
    const variant = delivery.variants[turn++ % delivery.variants.length]!;
    request.headers['x-github-delivery'] = nextId();
    request.headers['x-hub-signature-256'] = variant.signature;
    request.body = variant.body;
    return request;
  };
}

async function measure(options: Options): Promise<Measurement & { lastAnswerAt: number }> {
  // autocannon's latency histogram keeps whole milliseconds, too coarse for sub-millisecond
  // p50s: every response time is kept as measured and the percentiles computed here.
  const latencies: number[] = [];
  let lastAnswerAt = performance.now();
  const instance = autocannon(options);
  instance.on('response', (_client, _status, _bytes, ms) => {
    latencies.push(ms);
    lastAnswerAt = performance.now();
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    lastAnswerAt,
  };
}
