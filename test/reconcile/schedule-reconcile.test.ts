import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, noGitHub } from '../../src/config/schema.ts';
import { createLogger } from '../../src/base/logger.ts';
import { scheduleReconcile } from '../../src/ops/reconcile/schedule-reconcile.ts';
import { repoRoot } from '../support/cli.ts';
import { attempt, gitHubDeliveries, type GitHubDeliveries } from '../support/github-deliveries.ts';
import { eventually } from '../support/server.ts';

const token = 'ghp_scheduleTestToken0123456789';
const attempts = [attempt(3, 'journaled', 5, 200), attempt(2, 'failed', 10, 502), attempt(1, 'missing', 15, 200)];

/** A logger whose lines the test reads. */
function capturedLog() {
  const lines: string[] = [];
  const log = createLogger('INFO', new Writable({ write: (chunk, _encoding, done) => done(void lines.push(...String(chunk).split('\n').filter(Boolean))) }));
  return { log, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const reconcileConfig = (reconcile: object) => configSchema.parse({ reconcile }).reconcile;

let github: GitHubDeliveries | undefined;
let stop: (() => Promise<void>) | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  await stop?.();
  await github?.close();
  if (child?.exitCode === null) child.kill('SIGKILL'); // it failed to exit on its own
  github = stop = child = undefined;
});

describe('scheduleReconcile', () => {
  it('runs reconcile again and again, logs what each run redelivered, and stops', async () => {
    github = await gitHubDeliveries({ attempts });
    const { log, lines, entries } = capturedLog();
    // 0.0005 min = 30 ms between runs.
    ({ stop } = scheduleReconcile({ config: reconcileConfig({ hook: 'repos/octo/site/hooks/42', api_url: github.url, every_min: 0.0005 }), github: noGitHub, env: { GITHUB_TOKEN: token }, known: new Set(['journaled']), log }));
    await eventually(() => entries().filter((e) => e.msg === 'reconcile done').length >= 2);
    expect(entries().find((e) => e.msg === 'reconcile done')).toMatchObject({ level: 30, attempts: 3, deliveries: 3, redelivered: ['failed', 'missing'], failed: [], gave_up: [] });
    expect(github.redelivered().slice(0, 4)).toEqual([2, 1, 2, 1]);
    expect(github.requests[0]!.headers.authorization).toBe(`token ${token}`);
    expect(lines.join('\n')).not.toContain(token);
    await stop!();
    const after = github.requests.length;
    await sleep(150);
    expect(github.requests.length).toBe(after);
  });

  it('logs a run GitHub refuses and tries again at the next one', async () => {
    github = await gitHubDeliveries({ attempts, intercept: () => ({ status: 401, body: { message: 'Bad credentials' } }) });
    const { log, lines, entries } = capturedLog();
    ({ stop } = scheduleReconcile({ config: reconcileConfig({ hook: 'orgs/octo/hooks/7', api_url: github.url, every_min: 0.0005 }), github: noGitHub, env: { GITHUB_TOKEN: token }, known: new Set(), log }));
    await eventually(() => entries().filter((e) => e.msg === 'reconcile stopped').length >= 2);
    expect(entries().find((e) => e.msg === 'reconcile stopped')).toMatchObject({ level: 50, err: expect.stringMatching(/^GitHub answered 401 \(GET http:\/\/127\.0\.0\.1:\d+\/orgs\/octo\/hooks\/7\/deliveries\?per_page=100\): Bad credentials$/) });
    expect(lines.join('\n')).not.toContain(token);
  });

  it('schedules nothing when every_min is 0, or when the settings lack the hook or the token (and says so)', async () => {
    github = await gitHubDeliveries({ attempts });
    const { log, entries } = capturedLog();
    scheduleReconcile({ config: reconcileConfig({ hook: 'app', api_url: github.url }), github: noGitHub, env: { GITHUB_TOKEN: token }, known: new Set(), log });
    scheduleReconcile({ config: reconcileConfig({ api_url: github.url, every_min: 0.0005 }), github: noGitHub, env: { GITHUB_TOKEN: token }, known: new Set(), log });
    scheduleReconcile({ config: reconcileConfig({ hook: 'app', api_url: github.url, every_min: 0.0005 }), github: noGitHub, env: {}, known: new Set(), log });
    await sleep(150);
    expect(github.requests).toEqual([]);
    expect(entries().map((e) => [e.msg, e.err])).toEqual([
      ['reconcile: not scheduled', expect.stringMatching(/^no hook to reconcile/)],
      ['reconcile: not scheduled', expect.stringMatching(/^reconcile has no credentials for app: the App's hook is read as the App: set "github_app"/)],
    ]);
  });

  it('never keeps the process alive: a process that scheduled it exits on its own', async () => {
    const script = `
      const { scheduleReconcile } = await import(${JSON.stringify(`${repoRoot}src/ops/reconcile/schedule-reconcile.ts`)});
      const { configSchema } = await import(${JSON.stringify(`${repoRoot}src/config/schema.ts`)});
      const { createLogger } = await import(${JSON.stringify(`${repoRoot}src/base/logger.ts`)});
      const config = configSchema.parse({ reconcile: { hook: 'repos/o/r/hooks/1', every_min: 1 } }).reconcile;
      scheduleReconcile({ config, github: { apiUrl: 'http://127.0.0.1:9', auth: { kind: 'token', token: 'x' } }, env: {}, known: new Set(), log: createLogger('INFO') });
      console.log('scheduled');
    `;
    const started = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    started.stdout.on('data', (c: Buffer) => (output += c.toString()));
    started.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = await once(started, 'exit');
    expect(output).toBe('scheduled\n');
    expect(code).toBe(0);
  });
});
