import { describe, expect, it } from 'vitest';
import { branchPush } from '../support/examples.ts';
import { startRedis } from '../support/redis.ts';
import { startServer } from '../support/server.ts';

describe('a receiver whose Redis is gone', () => {
  it('answers 503 within answer_deadline_s, says so in the log without the password, keeps serving, and stops', async () => {
    const redis = await startRedis('the-password');
    const server = await startServer({ queue: { type: 'redis', url: redis.url }, answer_deadline_s: 1 }, { 'push.ts': 'export const handle = () => 1;' });
    try {
      expect((await server.post('push', branchPush())).status).toBe(200);
      await redis.stop();

      const answer = await server.post('push', branchPush());
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: 'the queue (Redis) did not take the delivery; try again later' });
      expect(server.logs().some((l) => l.msg === 'Redis unreachable; retrying' && String(l.redis).includes(':***@'))).toBe(true);
      expect(JSON.stringify(server.logs())).not.toContain('the-password');
      expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
