import Database from 'libsql';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { branchPush, example } from '../support/examples.ts';
import { scrape } from '../support/prometheus.ts';
import { startRedis } from '../support/redis.ts';
import { eventually, startServer, writeHooks } from '../support/server.ts';
import { readyz } from '../support/readiness.ts';

describe('GET /readyz with the embedded journal', () => {
  it('is ready with every check ok, each with its detail', async () => {
    const server = await startServer({}, { 'issues.ts': 'export const handle = () => 1;' });
    try {
      expect(await readyz(server.url)).toEqual({
        status: 200,
        body: {
          status: 'ready',
          checks: {
            config: { ok: true, detail: `${server.configFile} in force` },
            journal: { ok: true, detail: `${server.journal().file} writable` },
            queue: { ok: true, detail: 'embedded, deliveries not finished: 0' },
            hooks: { ok: true, detail: `${server.hooksDir} readable, hooks: 1` },
          },
        },
      });
    } finally {
      await server.stop();
    }
  });

  it('goes 503 while another process holds the journal locked, and back to 200 once it lets go', async () => {
    const server = await startServer({}, { 'issues.ts': 'export const handle = () => 1;' });
    // Another connection holding the database locked, as another process would.
    const blocker = new Database(server.journal().file);
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      const locked = await readyz(server.url);
      expect(locked.status).toBe(503);
      expect(locked.body.status).toBe('not ready');
      expect(locked.body.checks.journal).toEqual({ ok: false, detail: expect.stringMatching(/cannot be written: .*locked/) });
      expect(locked.body.checks.queue.ok).toBe(true);
      blocker.exec('ROLLBACK');
      // The checks run at most once a second: the next run finds the lock gone.
      await eventually(async () => (await readyz(server.url)).status === 200);
      // The checks' writes took nothing from the deliveries'.
      expect((await server.post('issues', example('issues'))).body.issues).toMatchObject({ status: 'ok' });
    } finally {
      if (blocker.inTransaction) blocker.exec('ROLLBACK');
      blocker.close();
      await server.stop();
    }
  });

  it('runs the checks once for many requests at a time, even while each run waits on the lock', async () => {
    const server = await startServer();
    const journal = server.journal();
    const blocker = new Database(journal.file);
    const writes = vi.spyOn(journal, 'checkWritable');
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      const answers = await Promise.all(Array.from({ length: 20 }, () => readyz(server.url)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(503));
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      writes.mockRestore();
      if (blocker.inTransaction) blocker.exec('ROLLBACK');
      blocker.close();
      await server.stop();
    }
  });

  it('with a metrics token set, shows the details only to a request carrying it; the status and the states to anyone', async () => {
    const server = await startServer({ metrics_token: 'the-metrics-token' }, { 'push.ts': 'export const handle = () => 1;' });
    try {
      await writeHooks(server.hooksDir, { 'push.ts': 'export const handle = ( => broken;' });
      await eventually(async () => (await readyz(server.url, 'the-metrics-token')).body.checks.hooks.warning);
      const states = { status: 200, body: { status: 'ready', checks: { config: { ok: true }, journal: { ok: true }, queue: { ok: true }, hooks: { ok: true } } } };
      for (const token of [undefined, 'wrong']) {
        const answer = await readyz(server.url, token);
        expect(answer).toEqual(states);
        expect(JSON.stringify(answer.body)).not.toContain(server.dir);
      }
      expect((await readyz(server.url, 'the-metrics-token')).body.checks.hooks).toEqual({ ok: true, detail: `${server.hooksDir} readable, hooks: 1`, warning: 'modules that failed to load: push' });
    } finally {
      await server.stop();
    }
  });

  it('stays ready with a rejected config edit and a module that fails to load, and says so', async () => {
    const server = await startServer({}, { 'issues.ts': 'export const handle = () => 1;', 'push.ts': 'export const handle = () => 1;' });
    try {
      await writeHooks(server.hooksDir, { 'push.ts': 'export const handle = ( => broken;' });
      await writeFile(server.configFile, '{ "http_port": ');
      const answer = await eventually(async () => {
        const now = await readyz(server.url);
        return now.body.checks.config.warning && now.body.checks.hooks.warning && now;
      });
      expect(answer.status).toBe(200);
      expect(answer.body.checks.config).toEqual({
        ok: true,
        detail: `${server.configFile} in force`,
        warning: expect.stringMatching(/^the edit at \S+ was rejected, the config before it stays in force: .*config\.json:\d+:\d+: not valid JSON/),
      });
      expect(answer.body.checks.hooks).toEqual({ ok: true, detail: `${server.hooksDir} readable, hooks: 2`, warning: 'modules that failed to load: push' });
    } finally {
      await server.stop();
    }
  });
});

describe('GET /readyz with a Redis queue', () => {
  it('is ready while Redis answers, counts the queue in Redis, and goes 503 once Redis is gone', async () => {
    const redis = await startRedis('readyz-password');
    // Hooks left to workers: deliveries stay waiting in the queue.
    const server = await startServer({ queue: { type: 'redis', url: redis.url, work: false }, parallel: 2, answer_deadline_s: 1, dispatch: 'async' }, { 'push.ts': 'export const handle = () => 1;' });
    try {
      const ready = await readyz(server.url);
      expect(ready.status).toBe(200);
      expect(ready.body.checks.queue).toEqual({ ok: true, detail: expect.stringMatching(/^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(prefix "genvoy"\) answers$/) });
      expect(ready.body.checks.journal).toBeUndefined();

      expect((await server.post('push', branchPush())).status).toBe(202);
      expect((await server.post('push', branchPush())).status).toBe(202);
      expect((await scrape(server.url)).value('genvoy_queue_depth')).toBe(2);

      await redis.stop();
      const gone = await eventually(async () => {
        const now = await readyz(server.url);
        return now.status === 503 && now;
      });
      expect(gone.body.checks.queue).toEqual({ ok: false, detail: expect.stringMatching(/^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(prefix "genvoy"\): /) });
      expect(JSON.stringify(gone.body)).not.toContain('readyz-password');
      expect(Number.isNaN((await scrape(server.url)).value('genvoy_queue_depth'))).toBe(true);
      expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
    } finally {
      await server.stop();
      await redis.stop();
    }
  });

  it("counts the hooks that this process's queue worker runs, and their passes", async () => {
    const redis = await startRedis();
    const server = await startServer({ queue: { type: 'redis', url: redis.url }, parallel: 2 }, { 'push.ts': 'export const handle = () => 1;' });
    try {
      const answer = await server.post('push', branchPush());
      expect(answer.body.push).toMatchObject({ status: 'ok' });
      const metrics = await eventually(async () => {
        const now = await scrape(server.url);
        return now.value('genvoy_delivery_passes_total') === 1 && now;
      });
      expect(metrics.value('genvoy_delivery_passes_total', { event: 'push', outcome: 'done' })).toBe(1);
      expect(metrics.value('genvoy_deliveries_total', { event: 'push', outcome: 'queued' })).toBe(1);
      expect(metrics.value('genvoy_hook_runs_total', { hook: 'push', outcome: 'ok' })).toBe(1);
      expect(metrics.value('genvoy_hook_duration_seconds_count', { hook: 'push' })).toBe(1);
      expect(metrics.value('genvoy_queue_depth')).toBe(0);
    } finally {
      await server.stop();
      await redis.stop();
    }
  });
});
