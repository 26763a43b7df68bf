import { afterEach, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { runs, countingHook } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe('retries', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('retry a failed hook with backoff until it succeeds, and never the hook that succeeded', async () => {
    server = await startServer({ retry_attempts: 5, retry_backoff_s: 0.05 }, {
      'issues.ts': countingHook(),
      'issues+flaky.ts': countingHook("if (n < 3) throw new Error('fails on run ' + n);"),
    });
    const first = await server.post('issues', example('issues'), { delivery: 'retry-1' });
    expect(first.body['issues+flaky']).toMatchObject({ status: 'failed', stderr: 'fails on run 1' });
    await eventually(() => server.journal().get('retry-1')!.state === 'done');
    expect(runs(server.dir).filter(([, hook]) => hook === 'issues')).toHaveLength(1);
    expect(server.journal().hooks('retry-1')).toMatchObject([
      { hook: 'issues', state: 'ok', attempts: 1 },
      { hook: 'issues+flaky', state: 'ok', attempts: 3, result: { status: 'ok', stdout: '3' } },
    ]);
    const scheduled = server.logs().filter((l) => l.delivery === 'retry-1' && /^run \d of 5 scheduled$/.test(String(l.msg)));
    expect(scheduled.map((l) => l.msg)).toEqual(['run 2 of 5 scheduled', 'run 3 of 5 scheduled']);
  });

  it('mark a hook dead when it runs out of attempts, and say so', async () => {
    server = await startServer({ retry_attempts: 3, retry_backoff_s: 0.02 }, { 'issues.ts': countingHook("throw new Error('always');") });
    await server.post('issues', example('issues'), { delivery: 'retry-2' });
    await eventually(() => server.journal().get('retry-2')!.state === 'dead');
    expect(server.journal().hooks('retry-2')).toMatchObject([{ hook: 'issues', state: 'dead', attempts: 3 }]);
    expect(runs(server.dir)).toHaveLength(3);
    expect(server.logs().some((l) => l.delivery === 'retry-2' && l.msg === 'hook failed 3 times: no retries left (replay it once fixed)')).toBe(true);
  });
});
