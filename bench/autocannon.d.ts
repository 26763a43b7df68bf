// autocannon ships no types: only the part of its programmatic API that bench/load.ts uses.
declare module 'autocannon' {
  export interface Options {
    url: string;
    method?: 'GET' | 'POST';
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests to send in all; ends the run instead of `duration`. */
    amount?: number;
    /** Each connection cycles through these; `setupRequest` may change one before it is sent (it is built anew each time). */
    requests?: Array<{ setupRequest?: (request: { headers: Record<string, string> }) => { headers: Record<string, string> } }>;
    body?: string | Buffer;
    headers?: Record<string, string>;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
  }

  /** hdr-histogram-percentiles-obj, as autocannon reports it. */
  export interface Histogram {
    average: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p99: number;
  }

  export interface Result {
    /** Requests completed per one-second sample. */
    requests: Histogram;
    /** Milliseconds, recorded as whole numbers. */
    latency: Histogram;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
  }

  /** What autocannon() returns: an event emitter that is also a promise of the result. */
  export interface Instance extends PromiseLike<Result> {
    /** `responseTime` is in milliseconds, with sub-millisecond precision. */
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    stop(): void;
  }

  export default function autocannon(options: Options): Instance;
}
