import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../src/config/schema.ts';
import { startCli, startWorkerCli, type Running } from '../support/cli.ts';
import { branchPush } from '../support/examples.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { eventually, post, writeHooks } from '../support/server.ts';

const secret = 'scale-out-secret';
const repositories = 8;
const perRepository = 125;
const partitions = 4;

describe('two receivers and two workers on one Redis', () => {
  let redis: RedisServer;
  let dir: string;
  let receivers: Running[] = [];
  let workers: Array<{ child: ChildProcess; output(): string }> = [];
  let workerArgs: string[] = [];
  const runs = () => join(dir, 'runs');
  const hanging = () => join(dir, 'hanging');

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'genvoy-scale-'));
    // Each hook's run leaves a line: hook, delivery, repository, its number in the repository, the
    // worker's pid. push+then runs after push; in a worker started with HANG_AFTER, its runs past
    // that number hang, their line written, their result never recorded: the worker is killed
    // with them in flight, push's result recorded.
    const line = (hook: string) =>
      `appendFileSync(${JSON.stringify(runs())}, ['${hook}', context.delivery, payload.repository.full_name, payload.seq, process.pid].join(' ') + '\\n');`;
    await writeHooks(join(dir, 'hooks'), {
      'push.ts': `import { appendFileSync } from 'node:fs';
        export const handle = (payload, event, context) => { ${line('push')} };`,
      'push+then.ts': `import { appendFileSync } from 'node:fs';
        let count = 0;
        export const handle = async (payload, event, context) => {
          await new Promise((resolve) => setTimeout(resolve, 3));
          ${line('then')}
          if (++count > Number(process.env.HANG_AFTER ?? Infinity)) {
            appendFileSync(${JSON.stringify(hanging())}, context.delivery + '\\n');
            await new Promise(() => {});
          }
        };`,
    });
    const config: ConfigFile = {
      http_host: '127.0.0.1',
      github_ips_only: false,
      enforce_secret: secret,
      hooks_path: 'hooks',
      cache_path: 'cache',
      github_meta_url: 'http://127.0.0.1:9/meta',
      dispatch: 'async',
      parallel: partitions,
      // A short claim, so that the killed worker's deliveries come back soon; long enough that a busy
      // machine (the rest of the suite runs beside this test) does not take a live worker's for dead.
      queue: { type: 'redis', url: redis.url, work: false, lock_s: 3, max_stalls: 20 },
    };
    await writeFile(join(dir, 'genvoy.json'), JSON.stringify(config));
    const args = ['--config', join(dir, 'genvoy.json')];
    receivers = await Promise.all([startCli(['serve', ...args, '--port', '0']), startCli(['serve', ...args, '--port', '0'])]);
    // The second worker starts once the first hangs: a worker that finishes a job takes the next of
    // its partition at once, so a second one started beside it may get too little work to hang.
    workers = [await startWorkerCli(args, { HANG_AFTER: '30' })];
    workerArgs = args;
  }, 60_000);

  afterAll(async () => {
    for (const { child } of [...receivers, ...workers]) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const lines = () =>
    existsSync(runs())
      ? readFileSync(runs(), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [hook, id, repository, seq, pid] = line.split(' ');
            return { hook: hook!, id: id!, repository: repository!, seq: Number(seq), pid: Number(pid) };
          })
      : [];

  it('run every hook of 1,000 deliveries; a worker killed in the middle costs only the hooks it had in flight a second run', { timeout: 180_000 }, async () => {
    const [killed] = workers as [(typeof workers)[0]];
    /** Delivery ids in the order each repository sent them, and which receiver took each. */
    const sent = new Map<string, string[]>();
    const receiverOf = new Map<string, number>();
    const payloadOf = new Map<string, object>();

    // Each repository sends its deliveries one after another, alternating receivers; repositories side by side.
    const sending = Promise.all(
      Array.from({ length: repositories }, async (_, r) => {
        const repository = { ...(branchPush().repository as object), name: `repo${r}`, full_name: `org/repo${r}` };
        const ids: string[] = [];
        sent.set(`org/repo${r}`, ids);
        for (let seq = 0; seq < perRepository; seq++) {
          const id = randomUUID();
          const receiver = (seq + r) % 2;
          ids.push(id);
          receiverOf.set(id, receiver);
          payloadOf.set(id, { ...branchPush(), repository, seq });
          const answer = await post(receivers[receiver]!.url, 'push', payloadOf.get(id), { secret, delivery: id });
          expect(answer.status).toBe(202);
        }
      }),
    );
    await eventually(() => existsSync(hanging()), 60_000);
    // Every partition the first worker holds waits for its claim to lapse: the second one takes them over then.
    const survivor = await startWorkerCli(workerArgs);
    workers.push(survivor);
    killed.child.kill('SIGKILL');
    await once(killed.child, 'exit');
    const inFlight = readFileSync(hanging(), 'utf8').split('\n').filter(Boolean);
    await sending;

    const total = repositories * perRepository;
    await eventually(() => new Set(lines().filter((l) => l.hook === 'then').map((l) => l.id)).size === total, 90_000);
    // Every job completed: none is waiting, running, delayed or failed, so none can run again.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queues = Array.from({ length: partitions }, (_, i) => new Queue(`p${i}`, { connection, prefix: 'genvoy' }));
    try {
      await eventually(async () => {
        const counts = await Promise.all(queues.map((q) => q.getJobCounts('completed')));
        return counts.reduce((sum, c) => sum + c.completed!, 0) === total;
      }, 30_000);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      await connection.quit();
    }

    const all = lines();
    const runsOf = (hook: string) => {
      const byId = new Map<string, typeof all>();
      for (const l of all) if (l.hook === hook) byId.set(l.id, [...(byId.get(l.id) ?? []), l]);
      return byId;
    };
    const push = runsOf('push');
    const then = runsOf('then');
    // push ran once for every delivery, even those taken over from the killed worker: its result was recorded.
    expect(push.size).toBe(total);
    expect([...push.values()].every((runs) => runs.length === 1)).toBe(true);
    // Only the hooks in flight on the killed worker ran twice (at most one per partition): first there, then on the survivor.
    const twice = [...then].filter(([, runs]) => runs.length > 1);
    expect(twice.map(([id]) => id).sort()).toEqual([...inFlight].sort());
    expect(inFlight.length).toBeLessThanOrEqual(partitions);
    for (const [, runs] of twice) {
      expect(runs.map((r) => r.pid)).toEqual([killed.child.pid, survivor.child.pid]);
    }
    // The killed worker worked before the kill; the survivor finished the rest.
    expect(all.some((l) => l.pid === killed.child.pid)).toBe(true);
    expect(all.at(-1)!.pid).toBe(survivor.child.pid);

    // A repository's deliveries ran in the order it sent them (push: all of them; push+then: those that ran once).
    for (const [repository, ids] of sent) {
      expect(all.filter((l) => l.hook === 'push' && l.repository === repository).map((l) => l.id)).toEqual(ids);
      const once = ids.filter((id) => then.get(id)!.length === 1);
      expect(all.filter((l) => l.hook === 'then' && l.repository === repository && once.includes(l.id)).map((l) => l.id)).toEqual(once);
    }

    // Redelivered to the other receiver, a succeeded delivery runs nothing and repeats its result.
    const [, ids] = [...sent][0]!;
    const id = ids.find((i) => then.get(i)!.length === 1)!;
    const again = await post(receivers[1 - receiverOf.get(id)!]!.url, 'push', payloadOf.get(id), { secret, delivery: id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ push: { status: 'ok', returncode: 0 }, 'push+then': { status: 'ok', returncode: 0 } });
    expect(lines()).toHaveLength(all.length);
  });
});
