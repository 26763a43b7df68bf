import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { runs, countingHook } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe("GitHub's Redeliver", () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('repeats the recorded answer of a delivery whose hooks all succeeded, without running them again', async () => {
    server = await startServer({}, { 'issues.ts': countingHook() });
    const first = await server.post('issues', example('issues'), { delivery: 'redeliver-1' });
    expect(first.body.issues).toMatchObject({ status: 'ok', stdout: '1' });
    const again = await server.post('issues', example('issues'), { delivery: 'redeliver-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(runs(server.dir)).toEqual([['redeliver-1', 'issues']]);
    expect(server.logs().some((l) => l.delivery === 'redeliver-1' && /not run again/.test(String(l.msg)))).toBe(true);
  });

  it('runs again only the hooks that failed', async () => {
    server = await startServer({ retry_attempts: 1 }, {
      'issues.ts': countingHook(),
      'issues+flaky.ts': countingHook("if (n === 1) throw new Error('first run fails');"),
    });
    const first = await server.post('issues', example('issues'), { delivery: 'redeliver-2' });
    expect(first.body['issues+flaky']).toMatchObject({ status: 'failed', stderr: 'first run fails' });
    await eventually(() => server.journal().get('redeliver-2')!.state === 'dead'); // outcomes are journaled just after the answer

    const again = await server.post('issues', example('issues'), { delivery: 'redeliver-2' });
    expect(again.body).toEqual({ 'issues+flaky': expect.objectContaining({ status: 'ok', stdout: '2' }) });
    expect(runs(server.dir)).toEqual([
      ['redeliver-2', 'issues'],
      ['redeliver-2', 'issues+flaky'],
      ['redeliver-2', 'issues+flaky'],
    ]);
    await eventually(() => server.journal().get('redeliver-2')!.state === 'done');
  });

  it('adds nothing while the first delivery is still running', async () => {
    server = await startServer({ dispatch: 'async' }, { 'issues.ts': countingHook('await new Promise((r) => setTimeout(r, 300));') });
    expect((await server.post('issues', example('issues'), { delivery: 'redeliver-3' })).status).toBe(202);
    const again = await server.post('issues', example('issues'), { delivery: 'redeliver-3' });
    expect(again).toEqual({ status: 202, body: { status: 'running', delivery: 'redeliver-3' } });
    await eventually(() => server.journal().get('redeliver-3')!.state === 'done');
    expect(runs(server.dir)).toHaveLength(1);
  });
});

describe('a journal that cannot be written', () => {
  it('answers 503 with the reason and runs nothing: unacknowledged, GitHub can redeliver it', async () => {
    const server = await startServer({}, { 'issues.ts': countingHook() });
    // Another process holding the database locked past genvoy's 5 s busy timeout.
    const blocker = new Database(server.journal().file);
    blocker.exec('BEGIN EXCLUSIVE');
    try {
      const answer = await server.post('issues', example('issues'), { delivery: 'no-journal' });
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatch(/^the journal cannot be written \(.*locked.*\): delivery not accepted; redeliver it once fixed$/);
      expect(runs(server.dir)).toEqual([]);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
      await server.stop();
    }
  });
});
