import { redactUrl } from '../../base/redact-url.ts';
import { within } from '../../base/within.ts';
import type { Dispatcher } from '../../intake/dispatcher.ts';
import type { Journal } from '../../intake/journal/journal.ts';
import type { Partitions } from '../../intake/redis/partitions.ts';
import type { Check } from './readiness.ts';

/** How long the readiness check waits for Redis's PONG. */
const pingTimeoutMs = 1000;

/** The queue as metrics and readiness see it: how many deliveries it holds not finished, and whether it works. */
export interface QueueProbe {
  depth(): Promise<number> | number;
  check: Check;
}

/** The embedded journal's dispatcher: ready while it runs. Its depth is the journal's deliveries not finished. */
export function embeddedQueueProbe(dispatcher: Dispatcher, journal: Journal): QueueProbe {
  return {
    depth: () => journal.countPending(),
    check: () =>
      dispatcher.running
        ? { ok: true, detail: `embedded, deliveries not finished: ${journal.countPending()}` }
        : { ok: false, detail: 'embedded, stopped' },
  };
}

/** The Redis queue: ready while Redis answers a PING. Its depth is the whole setup's, the same in every process. */
export function redisQueueProbe(partitions: Partitions): QueueProbe {
  const where = `Redis at ${redactUrl(partitions.config.url)} (prefix "${partitions.config.prefix}")`;
  return {
    depth: () => partitions.depth(),
    check: async () => {
      try {
        await within(partitions.ping(), pingTimeoutMs, where);
        return { ok: true, detail: `${where} answers` };
      } catch (err) {
        const { message } = err as Error;
        return { ok: false, detail: message.startsWith(where) ? message : `${where}: ${message}` };
      }
    },
  };
}
