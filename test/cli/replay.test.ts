import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { countingHook, runs } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

const token = 'replay-cli-token-5678';

describe('genvoy replay (a real process)', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('runs a recorded delivery again, or every failed one, and says what it did', async () => {
    server = await startServer({ admin_token: token, retry_attempts: 1 }, { 'issues.ts': countingHook("if (ctx.delivery === 'cli-bad' && n === 1) throw new Error('x');") });
    await server.post('issues', example('issues'), { delivery: 'cli-good' });
    await server.post('issues', example('issues'), { delivery: 'cli-bad' });
    const args = ['--config', server.configFile, '--url', server.url];

    const one = await runCli(['replay', 'cli-good', ...args], { GENVOY_ADMIN_TOKEN: token });
    expect(one).toEqual({ code: 0, output: 'cli-good: issues\n' });
    const failed = await runCli(['replay', '--failed', '--since', '1h', ...args], { GENVOY_ADMIN_TOKEN: token });
    expect(failed).toEqual({ code: 0, output: '[1/1] cli-bad: issues\n1 failed deliveries replayed\n' });
    await eventually(() => runs(server.dir).length === 4);
    expect(runs(server.dir).map(([id]) => id).sort()).toEqual(['cli-bad', 'cli-bad', 'cli-good', 'cli-good']);
  });

  it('exits 1 when the server refuses, and 2 on a usage error', async () => {
    server = await startServer({ admin_token: token }, {});
    const args = ['--config', server.configFile, '--url', server.url];
    expect(await runCli(['replay', 'nope', ...args], { GENVOY_ADMIN_TOKEN: token })).toEqual({ code: 1, output: 'genvoy replay: 404 no delivery nope in the journal\n' });
    expect(await runCli(['replay', 'nope', ...args], { GENVOY_ADMIN_TOKEN: 'wrong' })).toEqual({ code: 1, output: 'genvoy replay: 401 wrong token\n' });
    expect((await runCli(['replay', ...args], { GENVOY_ADMIN_TOKEN: token })).code).toBe(2);
    expect((await runCli(['replay', '--failed', '--since', 'yesterday', ...args], { GENVOY_ADMIN_TOKEN: token })).output).toMatch(/--since "yesterday": expected a duration/);
  });
});
