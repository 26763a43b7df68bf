import { afterEach, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { runs, countingHook } from '../support/runs.ts';
import { eventually, startServer, writeHooks, type TestServer } from '../support/server.ts';

const token = 'admin-token-for-tests-1234';

describe('replay over HTTP', () => {
  let server: TestServer;
  afterEach(() => server.stop());
  const replay = (path: string, auth?: string) =>
    fetch(new URL(path, server.url), { method: "POST", headers: auth ? { authorization: `Bearer ${auth}` } : {} }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  it('is off without an admin token, and refuses a wrong or missing one', async () => {
    server = await startServer({}, { 'issues.ts': countingHook() });
    expect((await replay('/deliveries/x/replay', token)).status).toBe(404);
    await server.stop();
    server = await startServer({ admin_token: token }, { 'issues.ts': countingHook() });
    expect(await replay('/deliveries/x/replay')).toMatchObject({ status: 401, body: { error: 'Authorization: Bearer <admin token> required' } });
    expect(await replay('/deliveries/x/replay', 'wrong')).toMatchObject({ status: 401, body: { error: 'wrong token' } });
    expect(await replay('/deliveries/x/replay', token)).toMatchObject({ status: 404, body: { error: 'no delivery x in the journal' } });
  });

  it('runs a recorded delivery again, routed against the hooks of now', async () => {
    server = await startServer({ admin_token: token }, { 'issues.ts': countingHook() });
    await server.post('issues', example('issues'), { delivery: 'replay-1' });
    await writeHooks(server.hooksDir, { 'issues+new.ts': countingHook() });
    await eventually(() => server.genvoy.folder.names().includes('issues+new'));
    expect(await replay('/deliveries/replay-1/replay', token)).toEqual({ status: 202, body: { delivery: 'replay-1', hooks: ['issues', 'issues+new'] } });
    await eventually(() => runs(server.dir).length === 3);
    expect(runs(server.dir)).toEqual([
      ['replay-1', 'issues'],
      ['replay-1', 'issues'],
      ['replay-1', 'issues+new'],
    ]);
  });

  it('runs again every dead delivery since a time, and only those', async () => {
    server = await startServer({ admin_token: token, retry_attempts: 1 }, { 'issues.ts': countingHook("if (ctx.delivery.startsWith('bad') && n === 1) throw new Error('x');") });
    const before = Date.now();
    for (const id of ['good-1', 'bad-1', 'bad-2']) await server.post('issues', example('issues'), { delivery: id });
    await eventually(() => server.journal().get('bad-2')!.state === 'dead'); // outcomes are journaled just after the answer
    const answer = await replay(`/deliveries/replay?since=${before}`, token);
    expect(answer.body.replayed.map((r: { delivery: string }) => r.delivery)).toEqual(['bad-1', 'bad-2']);
    await eventually(() => ['bad-1', 'bad-2'].every((id) => server.journal().get(id)!.state === 'done'));
    expect(runs(server.dir).filter(([id]) => id === 'good-1')).toHaveLength(1);
  });

  it('refuses a delivery that is running right now, and replays a ping or a deleted branch without hooks', async () => {
    server = await startServer({ admin_token: token, dispatch: 'async' }, { 'all.ts': countingHook('await new Promise((r) => setTimeout(r, 400));') });
    await server.post('issues', example('issues'), { delivery: 'busy-1' });
    expect(await replay('/deliveries/busy-1/replay', token)).toEqual({ status: 409, body: { error: 'delivery busy-1 is queued or running right now: replay it once it has finished' } });
    await eventually(() => server.journal().get('busy-1')!.state === 'done');

    await server.post('ping', { zen: 'Keep it logically awesome.', hook_id: 1 }, { delivery: 'ping-1' });
    await server.post('push', { ...example('push'), deleted: true }, { delivery: 'deleted-1' });
    expect(await replay('/deliveries/ping-1/replay', token)).toEqual({ status: 202, body: { delivery: 'ping-1', hooks: [] } });
    expect(await replay('/deliveries/deleted-1/replay', token)).toEqual({ status: 202, body: { delivery: 'deleted-1', hooks: [] } });
    expect(runs(server.dir).map(([id]) => id)).toEqual(['busy-1']);
  });
});
