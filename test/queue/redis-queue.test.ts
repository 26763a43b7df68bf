import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/pipeline/parse/delivery.ts';
import { knownEvents } from '../../src/pipeline/route/known-events.ts';
import { route } from '../../src/pipeline/route/route.ts';
import { startWorkerCli } from '../support/cli.ts';
import { branchPush } from '../support/examples.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

/**
 * A receiver (the real server, in-process, that does not run hooks) and a `genvoy worker`
 * process that runs them, sharing a real redis-server.
 */
describe('a delivery on the Redis queue', () => {
  let redis: RedisServer;
  let server: TestServer;
  let worker: Awaited<ReturnType<typeof startWorkerCli>>;
  let runsDir: string;
  const runs = () => join(runsDir, 'runs');

  beforeAll(async () => {
    redis = await startRedis();
    runsDir = await mkdtemp(join(tmpdir(), 'genvoy-runs-'));
    // push records each run; push+flaky too, and fails the first `fail_times` runs of a delivery.
    const record = (what: string) => `appendFileSync(${JSON.stringify(runs())}, context.delivery + ' ${what}\\n');`;
    server = await startServer(
      {
        queue: { type: 'redis', url: redis.url, work: false, lock_s: 3 },
        dispatch: 'sync',
        retry_attempts: 3,
        retry_backoff_s: 0.05,
        retry_backoff_max_s: 0.2,
        parallel: 2,
      },
      {
        'push.ts': `import { appendFileSync } from 'node:fs';\nexport const handle = (payload, event, context) => { ${record('push')} return 'pushed'; };`,
        'push+flaky.ts': `import { appendFileSync, readFileSync } from 'node:fs';
          export const handle = (payload, event, context) => {
            const before = readFileSync(${JSON.stringify(runs())}, 'utf8').split('\\n').filter((l) => l === context.delivery + ' flaky').length;
            ${record('flaky')}
            if (before < (payload.fail_times ?? 0)) throw new Error('flaky run ' + (before + 1));
            return 'steady';
          };`,
      },
    );
    worker = await startWorkerCli(['--config', server.configFile]);
  }, 60_000);

  afterAll(async () => {
    worker.child.kill('SIGTERM');
    await once(worker.child, 'exit');
    await server.stop();
    await redis.stop();
    await rm(runsDir, { recursive: true, force: true });
  });

  const push = (failTimes = 0) => ({ ...branchPush(), fail_times: failTimes });
  /** What ran for a delivery, in order. */
  const ran = (id: string) =>
    existsSync(runs())
      ? readFileSync(runs(), 'utf8')
          .split('\n')
          .filter((line) => line.startsWith(`${id} `))
          .map((line) => line.slice(id.length + 1))
      : [];
  const reroute = (delivery: Delivery) => route(server.genvoy.folder.names(), delivery.event, delivery, 'plus', knownEvents);

  it('runs on the worker and answers with the results; a redelivery repeats them and runs nothing', async () => {
    const id = randomUUID();
    const first = await server.post('push', push(), { delivery: id });
    expect(first.status).toBe(200);
    expect(first.body.push).toMatchObject({ status: 'ok', stdout: '"pushed"' });
    expect(first.body['push+flaky']).toMatchObject({ status: 'ok', stdout: '"steady"' });
    const again = await server.post('push', push(), { delivery: id });
    expect(again).toEqual(first);
    expect(ran(id)).toEqual(['push', 'flaky']);
  });

  it('takes a delivery id of digits only, which BullMQ would refuse as a job id', async () => {
    const id = String(Date.now());
    expect((await server.post('push', push(), { delivery: id })).status).toBe(200);
    expect((await server.post('push', push(), { delivery: id })).status).toBe(200);
    expect(ran(id)).toEqual(['push', 'flaky']);
  });

  it('retries only the hook that failed, with backoff, until it succeeds', async () => {
    const id = randomUUID();
    const first = await server.post('push', push(2), { delivery: id });
    expect(first.status).toBe(200);
    expect(first.body.push.status).toBe('ok');
    expect(first.body['push+flaky']).toMatchObject({ status: 'failed', stderr: 'flaky run 1' });
    await eventually(() => ran(id).length === 4);
    expect(ran(id)).toEqual(['push', 'flaky', 'flaky', 'flaky']);
    // Once all succeeded, a redelivery gets the recorded results, the flaky hook's last one.
    const again = await eventually(async () => {
      const answer = await server.post('push', push(2), { delivery: id });
      return answer.status === 200 && answer;
    });
    expect(again.body['push+flaky']).toMatchObject({ status: 'ok', stdout: '"steady"' });
    expect(ran(id)).toHaveLength(4);
  });

  it('marks a delivery dead once a hook is out of attempts; a redelivery runs that hook once more, not the others', async () => {
    const since = Date.now();
    const id = randomUUID();
    await server.post('push', push(99), { delivery: id });
    await eventually(async () => (await server.genvoy.intake.dead(since)).includes(id));
    expect(ran(id)).toEqual(['push', 'flaky', 'flaky', 'flaky']);

    const again = await server.post('push', push(99), { delivery: id });
    expect(again.status).toBe(200);
    expect(Object.keys(again.body)).toEqual(['push+flaky']);
    expect(again.body['push+flaky']).toMatchObject({ status: 'failed', stderr: 'flaky run 4' });
    await eventually(async () => (await server.genvoy.intake.dead(since)).includes(id));
    expect(ran(id)).toEqual(['push', 'flaky', 'flaky', 'flaky', 'flaky']);
  });

  it('replays a recorded delivery on the worker: every hook, attempts counted from zero', async () => {
    const id = randomUUID();
    expect((await server.post('push', push(), { delivery: id })).status).toBe(200);
    expect(ran(id)).toEqual(['push', 'flaky']);
    expect(await server.genvoy.intake.replay(id, reroute)).toEqual({ kind: 'replayed', hooks: ['push', 'push+flaky'] });
    await eventually(() => ran(id).length === 4);
    expect(ran(id)).toEqual(['push', 'flaky', 'push', 'flaky']);

    const since = Date.now();
    const dead = randomUUID();
    await server.post('push', push(3), { delivery: dead });
    await eventually(async () => (await server.genvoy.intake.dead(since)).includes(dead));
    // Its fourth run succeeds: the replay starts its attempts over, and it leaves the dead list.
    expect(await server.genvoy.intake.replay(dead, reroute)).toEqual({ kind: 'replayed', hooks: ['push', 'push+flaky'] });
    await eventually(() => ran(dead).length === 6);
    expect(ran(dead)).toEqual(['push', 'flaky', 'flaky', 'flaky', 'push', 'flaky']);
    await eventually(async () => !(await server.genvoy.intake.dead(since)).includes(dead));

    expect(await server.genvoy.intake.replay('no-such-delivery', reroute)).toEqual({ kind: 'unknown' });
  });
});
