import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchPush, example, examples } from '../support/examples.ts';
import { expectedBranch } from '../support/expected-branch.ts';
import { eventually, startServer, writeHooks, type TestServer } from '../support/server.ts';

/** A legacy script that says its own name. */
const script = (name: string) => ({ text: `#!/bin/sh\necho ${name}\n`, script: true });
const moduleHook = (name: string) => `export const handle = () => ${JSON.stringify(name)};`;

describe('which hooks run, in which order, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({}, {
      'push-web-main': script('push-web-main'),
      'push-web-main+deploy.ts': moduleHook('push-web-main+deploy'),
      'push-web.ts': moduleHook('push-web'),
      'push-web-staging': script('push-web-staging'),
      push: script('push'),
      'push+b.ts': moduleHook('push+b'),
      'push+a': script('push+a'),
      'push-other.ts': moduleHook('push-other'),
      'all-web.mjs': moduleHook('all-web'),
      'all.js': moduleHook('all'),
      'push-web-feature~login.ts': moduleHook('push-web-feature~login'),
      '_helper.ts': moduleHook('_helper'),
      '.hidden': script('.hidden'),
      'not-executable': { text: '#!/bin/sh\necho no\n', script: false },
    });
  });
  afterAll(() => server.stop());

  const push = (ref: string) => ({ ...branchPush(), ref, repository: { ...(example('push').repository as object), name: 'web' } });

  it('runs parents in the README order, each followed by its sorted children, modules and scripts alike', async () => {
    const answer = await server.post('push', push('refs/heads/main'));
    expect(Object.keys(answer.body)).toEqual(['push-web-main', 'push-web-main+deploy', 'push-web', 'push', 'push+a', 'push+b', 'all-web', 'all']);
    for (const [name, result] of Object.entries(answer.body as Record<string, { stdout: string }>)) {
      expect([name, `"${name}"`]).toContain(result.stdout.trim());
    }
  });

  it('routes a branch with a slash to the name with ~', async () => {
    const answer = await server.post('push', push('refs/heads/feature/login'));
    expect(Object.keys(answer.body)[0]).toBe('push-web-feature~login');
  });

  it('runs no branch hooks for a tag push, and never helpers, hidden files or files without the run bit', async () => {
    const answer = await server.post('push', push('refs/tags/v1'));
    expect(Object.keys(answer.body)).toEqual(['push-web', 'push', 'push+a', 'push+b', 'all-web', 'all']);
  });

  it('hands every example payload of every event to the hooks with its repository and branch', async () => {
    // `all` + a child that reports what genvoy parsed, checked against the payload itself.
    await writeHooks(server.hooksDir, { 'all+where.ts': 'export const handle = (p, e, c) => ({ repository: c.repository ?? null, branch: c.branch ?? null });' });
    await eventually(async () => 'all+where' in (await server.post('issues', example('issues'))).body);
    for (const { event, payload } of examples.filter((e) => e.event !== 'ping')) {
      if (event === 'push' && payload.deleted) continue;
      const answer = await server.post(event, payload);
      expect(answer.status, event).toBe(200);
      const seen = JSON.parse(answer.body['all+where'].stdout);
      expect(seen.repository, event).toBe((payload.repository as { name?: string } | undefined)?.name ?? null);
      expect(seen.branch, event).toBe(expectedBranch(event, payload) ?? null);
    }
  });
});

describe('child_hooks "prefix" over HTTP', () => {
  let server: TestServer;
  afterAll(() => server.stop());

  it("restores the original's rule and warns at start about the names it makes ambiguous", async () => {
    server = await startServer({ child_hooks: 'prefix' }, {
      'push.ts': moduleHook('push'),
      'push-web-staging.ts': moduleHook('push-web-staging'),
      'push_notify.ts': moduleHook('push_notify'),
      'pull_request_review.ts': moduleHook('pull_request_review'),
    });
    const answer = await server.post('push', { ...branchPush(), repository: { name: 'web' }, ref: 'refs/heads/main' });
    // As the original: push-web has no file, so push-web-staging runs as a child of push, after it.
    expect(Object.keys(answer.body)).toEqual(['push', 'push-web-staging', 'push_notify']);
    const warning = server.logs().find((l) => String(l.msg).startsWith('push-web-staging: under child_hooks "prefix"'));
    expect(warning).toBeDefined();
    expect((await server.post('pull_request', example('pull_request'))).body).toEqual({ status: 'nop' });
  });
});
