import { describe, expect, it } from 'vitest';
import type { HookResult } from '../../src/pipeline/answer/hook-result.ts';
import { again, dueHooks, fresh, jobIdOf, recordRun, resultsOf, verdict } from '../../src/intake/redis/delivery-job.ts';
import { partitionOf } from '../../src/intake/redis/partitions.ts';
import { redactQueue, redactUrl } from '../../src/base/redact-url.ts';

const result = (status: HookResult['status']): HookResult => ({ returncode: status === 'ok' ? 0 : 1, stdout: '', stderr: '', status, duration_ms: 1 });
const policy = { attempts: 3, firstMs: 1000, maxMs: 3000 };

describe("a queued delivery's hooks", () => {
  it('retry a failed hook with doubling, capped backoff, until it is out of attempts; the others stay done', () => {
    const hooks = fresh([{ hook: 'push', parent: 'push' }, { hook: 'push+notify', parent: 'push' }]);
    recordRun(hooks[0]!, result('ok'), policy, 0);
    recordRun(hooks[1]!, result('failed'), policy, 0);
    expect(verdict(hooks)).toEqual({ state: 'retry', at: 1000 });
    expect(dueHooks(hooks, 999)).toEqual([]);
    expect(dueHooks(hooks, 1000).map((h) => h.hook)).toEqual(['push+notify']);

    recordRun(hooks[1]!, result('timeout'), policy, 1000);
    expect(verdict(hooks)).toEqual({ state: 'retry', at: 3000 });
    recordRun(hooks[1]!, result('failed'), policy, 3000);
    expect(verdict(hooks)).toEqual({ state: 'dead', hooks: ['push+notify'] });
    expect(hooks.map((h) => [h.state, h.attempts])).toEqual([['ok', 1], ['dead', 3]]);

    // A redelivery: the dead hook once more, its attempts kept; the one that succeeded not again.
    expect(again(hooks).map((h) => h.hook)).toEqual(['push+notify']);
    expect(dueHooks(hooks, 3000).map((h) => [h.hook, h.attempts])).toEqual([['push+notify', 3]]);
    recordRun(hooks[1]!, result('skipped'), policy, 4000);
    expect(verdict(hooks)).toEqual({ state: 'done' });
    expect(Object.keys(resultsOf(hooks))).toEqual(['push', 'push+notify']);
  });

  it('keep job ids apart from the integers BullMQ refuses, without two deliveries meeting', () => {
    expect(jobIdOf('72d3162e-cc78-11e3-81ab-4c9367dc0958')).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(jobIdOf('12345')).toBe('_12345');
    expect(jobIdOf('0123')).toBe('0123');
  });

  it('go to the same partition for a repository every time, spread over all of them', () => {
    const partitions = Array.from({ length: 200 }, (_, i) => partitionOf(`org/repo${i}`, 8));
    expect(new Set(partitions)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(partitionOf('org/repo7', 8)).toBe(partitions[7]);
  });
});

describe('a Redis URL in the log', () => {
  it('has its password masked, and nothing of an unparseable one but its scheme', () => {
    expect(redactUrl('redis://:s3cret@redis.internal:6379/0')).toBe('redis://:***@redis.internal:6379/0');
    expect(redactUrl('rediss://genvoy:s3cret@redis.internal')).toBe('rediss://genvoy:***@redis.internal');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('redis://:s3cret@[bad')).toBe('redis://…');
    expect(redactQueue({ type: 'redis', url: 'redis://:s3cret@h' })).toEqual({ type: 'redis', url: 'redis://:***@h' });
    expect(redactQueue('INFO')).toBe('INFO');
  });
});
