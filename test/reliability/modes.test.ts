import { afterEach, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { runs, countingHook } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe('dispatch modes', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('sync answers 202 at answer_deadline_s with the hooks finished by then, and the rest goes on', async () => {
    server = await startServer({ dispatch: 'sync', answer_deadline_s: 0.3 }, {
      'issues.ts': countingHook(),
      'issues+slow.ts': countingHook('await new Promise((r) => setTimeout(r, 1000));'),
    });
    const answer = await server.post('issues', example('issues'), { delivery: 'deadline-1' });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'accepted', delivery: 'deadline-1', hooks: ['issues', 'issues+slow'], finished: { issues: { status: 'ok' } } });
    expect(answer.body.finished['issues+slow']).toBeUndefined();
    await eventually(() => server.journal().get('deadline-1')!.state === 'done');
    expect(runs(server.dir).map(([, hook]) => hook)).toEqual(['issues', 'issues+slow']);
  });

  it('async answers 202 once the delivery is journaled, before its hooks run', async () => {
    server = await startServer({ dispatch: 'async' }, { 'issues.ts': countingHook('await new Promise((r) => setTimeout(r, 200));') });
    const answer = await server.post('issues', example('issues'), { delivery: 'async-1' });
    expect(answer).toEqual({ status: 202, body: { status: 'accepted', delivery: 'async-1', hooks: ['issues'] } });
    expect(server.journal().get('async-1')!.state).toBe('pending');
    await eventually(() => server.journal().get('async-1')!.state === 'done');
    expect(server.journal().hooks('async-1')[0]!.result).toMatchObject({ status: 'ok', stdout: '1' });
  });

  it('is async by default when return_scripts_info is off', async () => {
    server = await startServer({ return_scripts_info: false }, { 'issues.ts': countingHook() });
    expect((await server.post('issues', example('issues'))).status).toBe(202);
  });

  it("runs one repository's deliveries in the order they arrived, and other repositories beside them", async () => {
    server = await startServer({ dispatch: 'async', parallel: 4 }, {
      // A random pause per run: without the lanes, later deliveries would overtake earlier ones.
      'push.ts': countingHook('await new Promise((r) => setTimeout(r, Math.random() * 30));'),
    });
    const sent: Record<string, string[]> = { alpha: [], beta: [], gamma: [] };
    for (let i = 0; i < 20; i++) {
      for (const repo of Object.keys(sent)) {
        const id = `${repo}-${i}`;
        sent[repo]!.push(id);
        const payload = { ...example('push'), repository: { ...(example('push').repository as object), name: repo, full_name: `octo/${repo}` } };
        void server.post('push', payload, { delivery: id });
      }
      await new Promise((r) => setTimeout(r, 5)); // arrivals in a known order
    }
    await eventually(() => runs(server.dir).length === 60, 15_000);
    const ran = runs(server.dir).map(([id]) => id);
    // Arrival is when the journal took it (the HTTP client may reorder sends a little).
    const arrived = server.journal().list({ limit: 100 }).reverse().map((d) => d.id);
    expect([...arrived].sort()).toEqual(Object.values(sent).flat().sort());
    for (const repo of Object.keys(sent)) {
      const ofRepo = (ids: string[]) => ids.filter((id) => id.startsWith(`${repo}-`));
      expect(ofRepo(ran)).toEqual(ofRepo(arrived));
    }
    // The lanes ran side by side: some repository's delivery ran before another's earlier one finished all of its.
    expect(ran.slice(0, 20).some((id) => !id.startsWith(ran[0]!.split('-')[0]!))).toBe(true);
  });

  it('at a stop, a sync answer still waiting behind its repository goes out as 202 at once, not at the deadline', async () => {
    server = await startServer({ dispatch: 'sync', answer_deadline_s: 9.5, stop_grace_s: 0.1 }, { 'issues.ts': countingHook('await new Promise((r) => setTimeout(r, 500));') });
    const first = server.post('issues', example('issues'), { delivery: 'stop-1' });
    await eventually(() => runs(server.dir).length === 1);
    const second = server.post('issues', example('issues'), { delivery: 'stop-2' }); // queued behind stop-1
    await eventually(() => server.journal().has('stop-2'));
    const stopped = server.genvoy.stop();
    expect((await second).status).toBe(202);
    expect((await first).status).toBe(202); // cut short by the grace period: it runs again at the next start
    await stopped;
  }, 5000); // the deadline alone would take 9.5 s
});
