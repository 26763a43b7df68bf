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

  it('replays failed deliveries one by one, a progress line each, and lists them only with the token', async () => {
    server = await startServer({ admin_token: token, retry_attempts: 1 }, { 'issues.ts': countingHook("if (ctx.delivery.startsWith('bad') && n === 1) throw new Error('x');") });
    for (const id of ['bad-1', 'good-1', 'bad-2', 'bad-3']) await server.post('issues', example('issues'), { delivery: id });
    await eventually(() => server.journal().get('bad-3')?.state === 'dead');
    const dead = (auth: string) => fetch(new URL('/deliveries/dead?since=0', server.url), { headers: { authorization: `Bearer ${auth}` } });
    expect((await dead('wrong')).status).toBe(401);
    expect(await (await dead(token)).json()).toEqual({ deliveries: ['bad-1', 'bad-2', 'bad-3'] });

    const failed = await runCli(['replay', '--failed', '--config', server.configFile, '--url', server.url], { GENVOY_ADMIN_TOKEN: token });
    expect(failed).toEqual({ code: 0, output: '[1/3] bad-1: issues\n[2/3] bad-2: issues\n[3/3] bad-3: issues\n3 failed deliveries replayed\n' });
    await eventually(() => ['bad-1', 'bad-2', 'bad-3'].every((id) => server.journal().get(id)!.state === 'done'));
    const none = await runCli(['replay', '--failed', '--config', server.configFile, '--url', server.url], { GENVOY_ADMIN_TOKEN: token });
    expect(none).toEqual({ code: 0, output: '0 failed deliveries replayed\n' });
  }, 60_000);

  it('exits 1 when the server refuses, and 2 on a usage error', async () => {
    server = await startServer({ admin_token: token }, {});
    const args = ['--config', server.configFile, '--url', server.url];
    expect(await runCli(['replay', 'nope', ...args], { GENVOY_ADMIN_TOKEN: token })).toEqual({ code: 1, output: 'genvoy replay: 404 no delivery nope in the journal\n' });
    expect(await runCli(['replay', 'nope', ...args], { GENVOY_ADMIN_TOKEN: 'wrong-token-0123456789' })).toEqual({ code: 1, output: 'genvoy replay: 401 wrong token\n' });
    expect((await runCli(['replay', ...args], { GENVOY_ADMIN_TOKEN: token })).code).toBe(2);
    expect((await runCli(['replay', '--failed', '--since', 'yesterday', ...args], { GENVOY_ADMIN_TOKEN: token })).output).toMatch(/--since "yesterday": expected a duration/);
  });
});
