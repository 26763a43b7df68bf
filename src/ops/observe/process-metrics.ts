import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC), in one registry per process:
 * prom-client watches the event loop and GC with monitors it has no way to stop, so one set
 * per server would outlive each server stopped (as in the tests). Made at the first scrape.
 */
export function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
