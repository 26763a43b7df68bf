import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { threadOf } from '../../src/runtime/threads/thread-pool.ts';
import { example } from '../support/examples.ts';
import { eventually, startServer, writeHooks, type TestServer } from '../support/server.ts';

/** A file beside the hooks folder, for a hook to mark what it does. */
const mark = (name: string) => `import.meta.dirname + '/../${name}'`;

/** Another repository: one repository's deliveries run in order, so a spinning hook would hold up the next delivery of its own. */
const elsewhere = (payload: Record<string, unknown>) => ({ ...payload, repository: { ...(payload.repository as object), name: 'elsewhere', full_name: 'octo/elsewhere' } });

describe('module hooks run in hook threads', () => {
  let server: TestServer;
  afterEach(() => server.stop());
  const marked = (name: string) => existsSync(join(server.dir, name));

  it('keeps answering while a hook spins, ends the spinning hook at its timeout, and runs it again in a fresh thread', async () => {
    // issues and watch hooks live in different threads of two.
    expect(threadOf('issues', 2)).not.toBe(threadOf('watch', 2));
    server = await startServer({ hook_timeout_s: 0.5, hook_threads: 2 }, {
      'issues.ts': `import { writeFileSync } from 'node:fs';
        let runs = 0;
        export function handle(payload) {
          runs++;
          if (payload.action === 'spin') { writeFileSync(${mark('spinning')}, ''); for (;;) {} }
          return runs;
        }`,
      'watch.ts': `let runs = 0; export const handle = () => ++runs;`,
    });
    expect((await server.post('watch', elsewhere(example('watch')))).body.watch.stdout).toBe('1');
    expect((await server.post('issues', { ...example('issues'), action: 'opened' })).body.issues.stdout).toBe('1');

    let spinAnswered = false;
    const spinning = server.post('issues', { ...example('issues'), action: 'spin' }).finally(() => (spinAnswered = true));
    await eventually(() => marked('spinning'));
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const other = await server.post('watch', elsewhere(example('watch')));
    expect(other.body.watch).toMatchObject({ status: 'ok', stdout: '2' }); // its thread, and its module state, untouched
    expect(spinAnswered).toBe(false); // both answered while the hook still spun

    const { body } = await spinning;
    expect(body.issues).toMatchObject({ status: 'timeout', returncode: 1, stderr: 'timed out after 0.5 s' });
    const ended = server.logs().find((l) => String(l.msg).includes('kept its hook thread busy past its timeout'));
    expect(ended).toMatchObject({ hook: 'issues', level: 50 });

    const again = await server.post('issues', { ...example('issues'), action: 'opened' });
    expect(again.body.issues).toMatchObject({ status: 'ok', stdout: '1' }); // a fresh thread loaded the module afresh
  });

  it('fails a hook waiting in the same thread as a spinning one, naming the spinning hook', async () => {
    server = await startServer({ hook_timeout_s: 0.5, hook_threads: 1 }, {
      'issues.ts': `import { writeFileSync } from 'node:fs';
        export function handle() { writeFileSync(${mark('spinning')}, ''); for (;;) {} }`,
      'watch.ts': `export const handle = () => 'ran';`,
    });
    const spinning = server.post('issues', example('issues'));
    await eventually(() => marked('spinning'));
    const waiting = await server.post('watch', elsewhere(example('watch')));
    expect(waiting.body.watch).toMatchObject({ status: 'failed', stderr: 'its hook thread was ended: hook "issues" did not return within its timeout' });
    expect((await spinning).body.issues).toMatchObject({ status: 'timeout' });
    expect((await server.post('watch', elsewhere(example('watch')))).body.watch).toMatchObject({ status: 'ok', stdout: '"ran"' });
  });

  it('survives an uncaught error in a hook’s timer: the thread is replaced, hooks in flight on it fail with the reason', async () => {
    server = await startServer({ hook_timeout_s: 5 }, {
      'issues.ts': `export function handle() { setTimeout(() => { throw new Error('late boom'); }, 20); return 'answered'; }`,
      'watch.ts': `import { existsSync, writeFileSync } from 'node:fs';
        let runs = 0;
        export async function handle(payload, event, context) {
          runs++;
          if (existsSync(${mark('waiting')})) return runs;
          writeFileSync(${mark('waiting')}, '');
          await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
        }`,
    });
    const waiting = server.post('watch', elsewhere(example('watch')));
    await eventually(() => marked('waiting'));
    expect((await server.post('issues', example('issues'))).body.issues).toMatchObject({ status: 'ok', stdout: '"answered"' });
    expect((await waiting).body.watch).toMatchObject({ status: 'failed', stderr: 'its hook thread crashed: late boom' });
    const crashed = server.logs().find((l) => l.msg === 'hook thread ended unexpectedly: replaced');
    expect((crashed?.err as { message?: string })?.message).toBe('late boom');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.post('watch', elsewhere(example('watch')))).body.watch).toMatchObject({ status: 'ok', stdout: '1' }); // fresh module state (the old thread's was at 1)
  });

  it('survives a hook’s process.exit(), which ends only its thread', async () => {
    server = await startServer({}, { 'issues.ts': `export function handle(payload) { if (payload.action === 'exit') process.exit(3); return 'alive'; }` });
    const exited = await server.post('issues', { ...example('issues'), action: 'exit' });
    expect(exited.body.issues).toMatchObject({ status: 'failed', stderr: 'its hook thread exited with code 3 (process.exit() in a hook?)' });
    expect((await server.post('issues', example('issues'))).body.issues).toMatchObject({ status: 'ok', stdout: '"alive"' });
  });

  it('runs hooks of different threads at the same time with hook_threads 2', async () => {
    expect(threadOf('issues', 2)).not.toBe(threadOf('watch', 2));
    // Each hook holds its thread (no await) until it sees the other one running: only two threads get both through.
    const waitFor = (own: string, other: string) => `import { existsSync, writeFileSync } from 'node:fs';
      export function handle() {
        writeFileSync(${mark(own)}, '');
        const until = Date.now() + 4000;
        while (!existsSync(${mark(other)}) && Date.now() < until) {}
        return existsSync(${mark(other)});
      }`;
    server = await startServer({ hook_timeout_s: 10, hook_threads: 2 }, { 'issues.ts': waitFor('issues-running', 'watch-running'), 'watch.ts': waitFor('watch-running', 'issues-running') });
    const [issues, watch] = await Promise.all([server.post('issues', example('issues')), server.post('watch', elsewhere(example('watch')))]);
    expect(issues.body.issues).toMatchObject({ status: 'ok', stdout: 'true' });
    expect(watch.body.watch).toMatchObject({ status: 'ok', stdout: 'true' });
  });

  it('runs a module’s top level and its handle off the main thread, and logs its lines with the delivery id and hook name', async () => {
    server = await startServer({}, {
      'issues.ts': `import { isMainThread } from 'node:worker_threads';
        const atLoad = isMainThread;
        export function handle(payload, event, context) {
          context.log.info({ extra: 42 }, 'hello from a hook');
          context.log.debug('not at INFO');
          return [atLoad, isMainThread];
        }`,
    });
    const { body } = await server.post('issues', example('issues'), { delivery: 'log-1' });
    expect(body.issues).toMatchObject({ status: 'ok', stdout: '[false,false]' });
    const lines = server.logs().filter((l) => l.hook === 'issues' && l.delivery === 'log-1');
    expect(lines.map((l) => l.msg)).toEqual(['hello from a hook']);
    expect(lines[0]).toMatchObject({ level: 30, event: 'issues', extra: 42, name: 'genvoy' });
  });

  it('ends a thread stuck in a module’s top level: that module fails to load until fixed, the others load again', async () => {
    server = await startServer({ hook_timeout_s: 2, hook_threads: 1 }, { 'issues.ts': 'export const handle = () => 1;', 'watch.ts': 'export const handle = () => "v1";' });
    await writeHooks(server.hooksDir, { 'issues.ts': `import { writeFileSync } from 'node:fs'; writeFileSync(${mark('spinning')}, ''); for (;;) {}\nexport const handle = () => 1;` });
    await eventually(() => marked('spinning'));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // A new version of another module in the same thread, sent while the thread spins: it is lost with the thread.
    await writeHooks(server.hooksDir, { 'watch.ts': 'export const handle = () => "v2";' });
    await eventually(() => server.logs().some((l) => l.msg === 'hook module will be loaded again when next needed' && String(l.file).endsWith('watch.ts')));
    expect(server.logs().some((l) => String(l.msg).endsWith('issues.ts kept its hook thread busy past its timeout: thread ended and replaced'))).toBe(true);
    // The thread's end is logged before the folder learns that the load failed: a delivery in between would load it again.
    await eventually(() => server.logs().some((l) => l.msg === 'hook module failed to load' && String(l.file).endsWith('issues.ts')));

    expect((await server.post('issues', example('issues'))).body.issues).toMatchObject({ status: 'failed', stderr: 'hook module failed to load: timed out after 2 s' });
    expect((await server.post('watch', elsewhere(example('watch')))).body.watch).toMatchObject({ status: 'ok', stdout: '"v2"' });
    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = () => "fixed";' });
    await eventually(async () => (await server.post('issues', example('issues'))).body.issues?.stdout === '"fixed"');
  });

  it('restarts the hook threads when hook_threads is edited, and refuses a count outside 1–8', async () => {
    server = await startServer({ hook_threads: 1 }, { 'issues.ts': `import { threadId } from 'node:worker_threads'; export const handle = () => threadId;` });
    const before = (await server.post('issues', example('issues'))).body.issues.stdout;
    const config = JSON.parse(readFileSync(server.configFile, 'utf8'));
    await writeFile(server.configFile, JSON.stringify({ ...config, hook_threads: 2 }));
    await eventually(async () => (await server.post('issues', example('issues'))).body.issues.stdout !== before);
    await writeFile(server.configFile, JSON.stringify({ ...config, hook_threads: 9 }));
    await eventually(() => server.logs().some((l) => String(l.error).includes('"hook_threads": ')));
  });

  it('calls every module’s dispose() in its thread when genvoy stops', async () => {
    server = await startServer({}, {
      'issues.ts': `import { writeFileSync } from 'node:fs';
        import { isMainThread } from 'node:worker_threads';
        export const handle = () => 1;
        export function dispose() { writeFileSync(${mark('disposed')}, String(isMainThread)); }`,
    });
    await server.genvoy.stop(); // server.stop() would remove the folder too
    expect(readFileSync(join(server.dir, 'disposed'), 'utf8')).toBe('false');
  });
});
