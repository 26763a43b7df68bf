import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/api/index.ts';
import { examplePayload, runHook } from '../../src/testing/index.ts';
import { standIn } from '../support/stand-in.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genvoy-testing-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes files into the hooks folder of this test; returns the path of the first. */
async function hooks(files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return join(dir, Object.keys(files)[0]!);
}

describe('runHook', () => {
  it('bundles the helpers a hook imports, and provides genvoy', async () => {
    const file = await hooks({
      'issues+greet.ts': [
        "import { defineHook } from 'genvoy';",
        "import { greeting } from './_greeting.ts';",
        "export default defineHook<'issues'>({ handle: (payload) => greeting(payload.issue.user.login) });",
      ].join('\n'),
      '_greeting.ts': 'export const greeting = (login: string): string => `hello, @${login}`;',
    });
    const run = await runHook(file, 'issues', examplePayload('issues.opened'));
    expect(run).toMatchObject({ status: 'ok', returncode: 0, stderr: '', value: 'hello, @Codertocat', stdout: '"hello, @Codertocat"', logs: [] });
    expect(run.duration_ms).toBeGreaterThan(0);
  });

  it('gives the hook the delivery’s facts as genvoy reads them', async () => {
    const file = await hooks({
      'push.ts': 'export const handle = (payload: unknown, event: string, { delivery, action, repository, branch, hook }: Record<string, unknown>) => ({ event, delivery, action, repository, branch, hook });',
    });
    const payload = { ...examplePayload('push'), ref: 'refs/heads/feature/login' };
    expect((await runHook(file, 'push', payload, { delivery: 'd-1' })).value).toEqual({ event: 'push', delivery: 'd-1', repository: 'Hello-World', branch: 'feature/login', hook: 'push' });
    const issues = await hooks({ 'issues.ts': 'export const handle = (payload: unknown, event: string, { action, branch }: Record<string, unknown>) => ({ action, branch: branch ?? null });' });
    expect((await runHook(issues, 'issues', examplePayload('issues.opened'))).value).toEqual({ action: 'opened', branch: null });
  });

  it('skips a hook whose string `when` is false, naming it, and runs it where it holds', async () => {
    const file = await hooks({ 'issues+opened.ts': "export const when = \"action == 'opened'\";\nexport const handle = () => 'ran';" });
    expect(await runHook(file, 'issues', examplePayload('issues.opened'))).toMatchObject({ status: 'ok', value: 'ran' });
    const closed = await runHook(file, 'issues', examplePayload('issues.edited'));
    expect(closed).toMatchObject({ status: 'skipped', returncode: 0, stdout: '', reason: "when: action == 'opened'" });
    expect(closed).not.toHaveProperty('value');
  });

  it('skips a hook whose `when` function returns false', async () => {
    const file = await hooks({ 'issues+bugs.ts': "export const when = (p: { issue: { labels: Array<{ name: string }> } }) => p.issue.labels.some((l) => l.name === 'security');\nexport const handle = () => 'bug';" });
    const issue = examplePayload('issues.opened');
    expect(await runHook(file, 'issues', issue)).toMatchObject({ status: 'skipped', reason: 'when() returned false' });
    const bug = { ...issue, issue: { ...issue.issue, labels: [{ name: 'security' }] } };
    expect(await runHook(file, 'issues', bug)).toMatchObject({ status: 'ok', value: 'bug' });
  });

  it('skips a hook pinned to another repository or branch, and one whose file name does not take the delivery', async () => {
    const pinned = await hooks({ 'push+pinned.ts': "export const repository = 'acme/website';\nexport const handle = () => 'ran';" });
    expect(await runHook(pinned, 'push', examplePayload('push'))).toMatchObject({ status: 'skipped', reason: 'repository: pinned to "acme/website", this delivery is for "Codertocat/Hello-World"' });
    const website = { ...examplePayload('push'), repository: { ...examplePayload('push').repository, name: 'website', full_name: 'acme/website' } };
    expect(await runHook(pinned, 'push', website)).toMatchObject({ status: 'ok' });

    const named = await hooks({ 'push-website.ts': "export const handle = () => 'ran';" });
    expect(await runHook(named, 'push', website)).toMatchObject({ status: 'ok' });
    expect(await runHook(named, 'push', examplePayload('push'))).toMatchObject({
      status: 'skipped',
      reason: 'name: genvoy does not run push-website for this delivery (event push, repository "Hello-World")',
    });
    expect(await runHook(named, 'issues', examplePayload('issues.opened'))).toMatchObject({ status: 'skipped' });
  });

  it('gives a hook that throws a failed result with its error, not an exception', async () => {
    const file = await hooks({ 'push.ts': "export const handle = async () => { throw new TypeError('no such label'); };" });
    const run = await runHook(file, 'push', examplePayload('push'));
    expect(run).toMatchObject({ status: 'failed', returncode: 1, stderr: 'no such label', stdout: '' });
    expect(run.error).toBeInstanceOf(TypeError);
    expect((run.error as Error).stack).toMatch(/push\.ts:1:\d+/); // the hook's own line (this push.ts is the third of this folder), through its source map
  });

  it('gives a hook that does not load a failed result saying where', async () => {
    const file = await hooks({ 'push.ts': 'export const handle = () => {' });
    const run = await runHook(file, 'push', examplePayload('push'));
    expect(run.status).toBe('failed');
    expect(run.stderr).toMatch(/^hook module failed to load: .*push\.ts:1:\d+: /);
  });

  it('refuses a file that is no hook module', async () => {
    await expect(runHook(join(dir, '_helper.ts'), 'push', {})).rejects.toThrow(/_helper\.ts is not a hook module/);
  });

  it('at the timeout aborts context.signal and answers timeout', async () => {
    const file = await hooks({
      'push.ts': [
        'export const handle = (payload: unknown, event: string, { signal, log }: { signal: AbortSignal; log: { warn(o: object, m: string): void } }) =>',
        "  new Promise(() => signal.addEventListener('abort', () => log.warn({ reason: String(signal.reason) }, 'aborted')));",
      ].join('\n'),
    });
    const run = await runHook(file, 'push', examplePayload('push'), { timeoutMs: 50 });
    expect(run).toMatchObject({ status: 'timeout', stderr: 'timed out after 0.05 s' });
    expect(run.logs).toEqual([{ level: 'warn', reason: 'Error: hook timed out after 0.05 s', msg: 'aborted' }]);
  });

  it('returns the lines the hook logged, with their levels and fields', async () => {
    const file = await hooks({
      'push.ts': "export const handle = (p: unknown, e: string, { log }: { log: { info(o: object, m: string): void; debug(m: string): void } }) => { log.info({ commits: 1 }, 'pushed'); log.debug('detail'); };",
    });
    const run = await runHook(file, 'push', examplePayload('push'));
    expect(run).toMatchObject({ status: 'ok', stdout: '' });
    expect(run.logs).toEqual([
      { level: 'info', commits: 1, msg: 'pushed' },
      { level: 'debug', msg: 'detail' },
    ]);
  });

  describe('context.octokit', () => {
    const hook = {
      'issues.ts': [
        "import type { Handler } from 'genvoy';",
        "export const handle: Handler<'issues'> = async (payload, event, { octokit }) => {",
        '  const { data } = await octokit.rest.issues.createComment({ owner: payload.repository.owner.login, repo: payload.repository.name, issue_number: payload.issue.number, body: "thanks" });',
        '  return data.id;',
        '};',
      ].join('\n'),
    };

    it('calls the API at githubApiUrl, with the token given (test-token by default)', async () => {
      const github = await standIn(() => ({ status: 201, body: { id: 7 } }));
      try {
        const run = await runHook(await hooks(hook), 'issues', examplePayload('issues.opened'), { githubApiUrl: github.url, githubToken: 'a-token' });
        expect(run).toMatchObject({ status: 'ok', value: 7 });
        expect(github.requests).toEqual([expect.objectContaining({ method: 'POST', url: '/repos/Codertocat/Hello-World/issues/1/comments', body: '{"body":"thanks"}' })]);
        expect(github.requests[0]!.headers.authorization).toBe('token a-token');
        await runHook(await hooks(hook), 'issues', examplePayload('issues.opened'), { githubApiUrl: `${github.url}/` });
        expect(github.requests[1]).toMatchObject({ url: '/repos/Codertocat/Hello-World/issues/1/comments', headers: { authorization: 'token test-token' } });
      } finally {
        await github.close();
      }
    });

    it('is the client given as `octokit`', async () => {
      const calls: string[] = [];
      const octokit = { rest: { issues: { createComment: async (p: { issue_number: number }) => (calls.push(`comment on ${p.issue_number}`), { data: { id: 9 } }) } } };
      const run = await runHook(await hooks(hook), 'issues', examplePayload('issues.opened'), { octokit: octokit as unknown as GitHubClient });
      expect(run).toMatchObject({ status: 'ok', value: 9 });
      expect(calls).toEqual(['comment on 1']);
    });

    it('without either, fails its first call saying what to pass', async () => {
      const run = await runHook(await hooks(hook), 'issues', examplePayload('issues.opened'));
      expect(run.status).toBe('failed');
      expect(run.stderr).toBe(
        'context.octokit has no GitHub API to call in runHook: pass its `githubApiUrl` option (a local stand-in of the API) or `octokit` (a client of your own)',
      );
    });
  });
});
