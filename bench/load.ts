import autocannon from 'autocannon';
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
}

/** POSTs the same signed delivery over `connections` keep-alive connections for `duration` seconds. */
export async function load({ url, delivery, connections, duration }: LoadOptions): Promise<Measurement> {
  // autocannon's latency histogram keeps whole milliseconds, too coarse for sub-millisecond
  // p50s: every response time is kept as measured and the percentiles computed here.
  const latencies: number[] = [];
  const instance = autocannon({ url, method: 'POST', connections, duration, body: delivery.body, headers: delivery.headers, timeout: 10 });
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
