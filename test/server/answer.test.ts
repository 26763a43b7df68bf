import { readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { branchPush, example } from '../support/examples.ts';
import { startServer, type TestServer } from '../support/server.ts';

const hooks = {
  'push.ts': `export const handle = (p) => ({ ref: p.ref });`,
  'all.ts': `export function handle() { return 'all'; }`,
};

describe('the answer', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('answers ping with pong and runs no hook', async () => {
    server = await startServer({}, hooks);
    const answer = await server.post('ping', example('ping'));
    expect(answer).toEqual({ status: 200, body: { msg: 'pong' } });
  });

  it('keys each hook result by name, with returncode, stdout and stderr', async () => {
    server = await startServer({}, hooks);
    const push = branchPush();
    const answer = await server.post('push', push);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['push', 'all']);
    expect(answer.body.push).toMatchObject({ returncode: 0, stdout: JSON.stringify({ ref: push.ref }), stderr: '', status: 'ok' });
  });

  it('says only "done" when return_scripts_info is off, and "nop" when no hook matched', async () => {
    server = await startServer({ return_scripts_info: false, dispatch: 'sync' }, { 'push.ts': hooks['push.ts'] });
    expect((await server.post('push', branchPush())).body).toEqual({ status: 'done' });
    expect((await server.post('issues', example('issues'))).body).toEqual({ status: 'nop' });
  });

  it('skips a push that deletes a branch', async () => {
    server = await startServer({}, hooks);
    const answer = await server.post('push', { ...example('push'), deleted: true });
    expect(answer.body).toEqual({ status: 'skipped' });
  });

  it('also answers at the configured path, and /healthz', async () => {
    server = await startServer({ path: '/webhooks' }, hooks);
    expect((await server.post('issues', example('issues'), { path: '/webhooks' })).body.all.stdout).toBe('"all"');
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
    expect((await server.post('issues', example('issues'), { path: '/elsewhere' })).status).toBe(404);
    const get = await fetch(new URL('/webhooks', server.url));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('logs each delivery with its id as JSON lines', async () => {
    server = await startServer({}, hooks);
    await server.post('issues', example('issues'), { delivery: 'f0e1d2c3-0000-4000-8000-000000000001' });
    const line = server.logs().find((l) => l.msg === 'delivery handled');
    expect(line).toMatchObject({ delivery: 'f0e1d2c3-0000-4000-8000-000000000001', event: 'issues', hooks: ['all'] });
  });
});

it('honours debug_level', async () => {
  const quiet = await startServer({ debug_level: 'WARNING' }, hooks);
  await quiet.post('issues', example('issues'));
  await quiet.post('issues', 'not json');
  await quiet.stop();
  const levels = quiet.logs().map((l) => l.level as number);
  expect(levels.length).toBeGreaterThan(0);
  expect(Math.min(...levels)).toBeGreaterThanOrEqual(40);
});

describe('backup', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('writes every delivery as YYYYMMDD-HHMMSS-<event>-<delivery>.json, two in one second kept apart', async () => {
    server = await startServer({ backup_path: 'backup' }, hooks);
    await mkdir(join(server.dir, 'backup'));
    const payload = example('issues');
    await Promise.all([server.post('issues', payload, { delivery: 'aaaa-1' }), server.post('issues', payload, { delivery: 'bbbb-2' })]);
    const files = (await readdir(join(server.dir, 'backup'))).sort();
    expect(files).toHaveLength(2);
    for (const [file, id] of files.map((f, i) => [f, ['aaaa-1', 'bbbb-2'][i]] as const)) {
      expect(file).toMatch(new RegExp(`^\\d{8}-\\d{6}-issues-${id}\\.json$`));
      expect(JSON.parse(await readFile(join(server.dir, 'backup', file), 'utf8'))).toEqual(payload);
    }
  });

  it('writes nothing, and says so, when the folder does not exist', async () => {
    server = await startServer({ backup_path: 'missing' }, hooks);
    expect((await server.post('issues', example('issues'))).status).toBe(200);
    expect(server.logs().some((l) => l.msg === 'backup_path does not exist; no backup written')).toBe(true);
  });
});
