import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../src/config/schema.ts';
import { runCli, startWorkerCli } from '../support/cli.ts';
import { branchPush } from '../support/examples.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe('genvoy worker and genvoy serve on a Redis queue', () => {
  let redis: RedisServer;
  let receiver: TestServer;
  let dir: string;
  const workers: Array<Awaited<ReturnType<typeof startWorkerCli>>> = [];
  const runs = () => join(dir, 'runs');
  /** A claim outlives the test: a delivery back in the queue at once was given back, not taken over. */
  const queue = (url: string) => ({ type: 'redis' as const, url, work: false, lock_s: 120 });

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'genvoy-stop-'));
    const mark = (what: string) => `appendFileSync(${JSON.stringify(runs())}, '${what} ' + context.delivery + '\\n');`;
    receiver = await startServer({ queue: queue(redis.url), dispatch: 'async' }, {
      'push.ts': `import { appendFileSync } from 'node:fs';
        export const handle = async (payload, event, context) => {
          ${mark('start')}
          await new Promise((resolve) => setTimeout(resolve, payload.sleep_ms));
          ${mark('end')}
          return 'slept';
        };`,
    });
  }, 60_000);

  afterEach(async () => {
    for (const { child } of workers.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  afterAll(async () => {
    await receiver.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A worker with the receiver's hooks and queue, and its own grace period. */
  const startWorker = async (stopGraceS: number) => {
    const file = join(dir, `worker-${randomUUID()}.json`);
    const config: ConfigFile = { hooks_path: receiver.hooksDir, queue: queue(redis.url), stop_grace_s: stopGraceS };
    await writeFile(file, JSON.stringify(config));
    const worker = await startWorkerCli(['--config', file]);
    workers.push(worker);
    return worker;
  };
  /** A worker is a child process starting its hook threads: slow on a busy machine. */
  const workerMs = 20_000;
  const marks = () => (existsSync(runs()) ? readFileSync(runs(), 'utf8').split('\n').filter(Boolean) : []);
  const send = async (sleepMs: number) => {
    const id = randomUUID();
    expect((await receiver.post('push', { ...branchPush(), sleep_ms: sleepMs }, { delivery: id })).status).toBe(202);
    return id;
  };

  it('on SIGTERM lets the running hook finish and leaves the queued deliveries to the next worker', async () => {
    const first = await startWorker(10);
    // One repository: one partition, one delivery at a time.
    const ids = [await send(600), await send(0), await send(0)];
    await eventually(() => marks().includes(`start ${ids[0]}`), workerMs);
    first.child.kill('SIGTERM');
    const [code] = await once(first.child, 'exit');
    expect(code).toBe(0);
    expect(marks()).toEqual([`start ${ids[0]}`, `end ${ids[0]}`]);
    expect(first.output()).toMatch(/genvoy worker stopped/);

    await startWorker(10);
    await eventually(() => marks().length === 6, workerMs);
    expect(marks()).toEqual(ids.flatMap((id) => [`start ${id}`, `end ${id}`]));
  }, 3 * workerMs);

  it('at the end of the grace period gives the running delivery back to the queue, where the next worker runs it at once', async () => {
    const first = await startWorker(0.2);
    const id = await send(60_000);
    await eventually(() => marks().includes(`start ${id}`), workerMs);
    first.child.kill('SIGTERM');
    const [code] = await once(first.child, 'exit');
    expect(code).toBe(0);
    expect(first.output()).toMatch(/grace period; their deliveries go back to the queue/);

    await startWorker(0.2);
    await eventually(() => marks().filter((m) => m === `start ${id}`).length === 2, workerMs);
  }, 3 * workerMs);

  it('refuses to start without a Redis queue, and with a "parallel" other than the queue was set up with', async () => {
    const embedded = join(dir, 'embedded.json');
    await writeFile(embedded, JSON.stringify({ hooks_path: receiver.hooksDir }));
    const without = await runCli(['worker', '--config', embedded]);
    expect(without.code).toBe(2);
    expect(without.output).toMatch(/"queue": genvoy worker takes deliveries from a Redis queue/);

    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ hooks_path: receiver.hooksDir, parallel: 3, queue: { type: 'redis', url: redis.url.replace('//', '//:hunter2@') } }));
    const mismatch = await runCli(['worker', '--config', other]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.output).toMatch(/"parallel" is 3, but the queue at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(prefix "genvoy"\) has 8 partitions/);
    expect(mismatch.output).not.toContain('hunter2');
  });

  it('with queue.work left on, one genvoy serve receives and runs the hooks itself', async () => {
    const solo = await startServer({ queue: { type: 'redis', url: redis.url, prefix: 'solo', lock_s: 120 } }, { 'issues.ts': 'export const handle = (payload) => payload.action;' });
    try {
      const answer = await solo.post('issues', { action: 'opened', repository: { name: 'web', full_name: 'org/web' } });
      expect(answer.status).toBe(200);
      expect(answer.body.issues).toMatchObject({ status: 'ok', stdout: '"opened"' });
    } finally {
      await solo.stop();
    }
  });
});
