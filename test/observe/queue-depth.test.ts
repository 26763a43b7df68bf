import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { branchPush } from '../support/examples.ts';
import { scrape } from '../support/prometheus.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

/** A hook that fails: with attempts left, its delivery waits an hour for the retry. */
const failing = { 'push.ts': "export const handle = () => { throw new Error('fails'); };" };
const retryLater = { retry_attempts: 3, retry_backoff_s: 3600, dispatch: 'async' } as const;

/** The scrape once the delivery's first pass has ended waiting for its retry. */
async function afterFirstPass(server: TestServer) {
  return eventually(async () => {
    const now = await scrape(server.url);
    return now.value('genvoy_delivery_passes_total', { event: 'push', outcome: 'retry' }) === 1 && now;
  }, 10_000);
}

describe('genvoy_queue_depth', () => {
  let server: TestServer | undefined;
  let redis: RedisServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await redis?.stop();
    server = redis = undefined;
  });

  it('counts a delivery waiting for a retry in the embedded journal, as /readyz does', async () => {
    server = await startServer(retryLater, failing);
    expect((await server.post('push', branchPush())).status).toBe(202);
    expect((await afterFirstPass(server)).value('genvoy_queue_depth')).toBe(1);
    const readyz = await eventually(async () => {
      const body = (await (await fetch(new URL('/readyz', server!.url))).json()) as { checks: { queue: { detail: string } } };
      return body.checks.queue.detail === 'embedded, deliveries not finished: 1' && body;
    });
    expect(readyz.checks.queue.detail).toBe('embedded, deliveries not finished: 1');
  });

  it('counts a delivery waiting for a retry in the Redis queue (BullMQ\'s delayed set)', async () => {
    redis = await startRedis();
    server = await startServer({ ...retryLater, queue: { type: 'redis', url: redis.url }, parallel: 2 }, failing);
    expect((await server.post('push', branchPush())).status).toBe(202);
    await afterFirstPass(server);
    // The job moves to the delayed set just after its pass is counted: wait until it is there, and only there.
    const partitions = ['p0', 'p1'].map((name) => new Queue(name, { connection: { url: redis!.url }, prefix: 'genvoy' }));
    try {
      const states = async () => {
        const counts = await Promise.all(partitions.map((queue) => queue.getJobCounts()));
        return counts.reduce((sum, count) => sum + (count.delayed ?? 0), 0) === 1 && counts.every((count) => Object.entries(count).every(([state, n]) => state === 'delayed' || n === 0));
      };
      await eventually(states, 10_000);
    } finally {
      await Promise.all(partitions.map((queue) => queue.close()));
    }
    expect((await scrape(server.url)).value('genvoy_queue_depth')).toBe(1);
  });
});
