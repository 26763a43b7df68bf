import { once } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { gitHubApi, secondaryLimit, type GitHubApi } from '../support/github-api.ts';
import { post, writeHooks } from '../support/server.ts';

const secret = 'serve-acting-hook-secret';
let github: GitHubApi | undefined;
let running: Running | undefined;

afterEach(async () => {
  running?.child.kill('SIGTERM');
  if (running) await once(running.child, 'exit');
  await github?.close();
  github = running = undefined;
});

/** A module hook that thanks the opener of an issue, as the App's installation. */
const thank = `import type { Handler } from 'genvoy';
export const handle: Handler<'issues'> = async (payload, event, context) => {
  const { data } = await context.octokit.rest.issues.createComment({
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issue_number: payload.issue.number,
    body: 'Thanks for opening #' + payload.issue.number,
  });
  context.log.info({ comment: data.id }, 'thanked');
  return data.id;
};
`;

/** A legacy script (node) that comments with its GENVOY_GITHUB_TOKEN, printing GitHub's status and never the token. */
const script = (url: string) => `#!/usr/bin/env node
fetch(${JSON.stringify(url)}, {
  method: 'POST',
  headers: { authorization: 'token ' + process.env.GENVOY_GITHUB_TOKEN, 'content-type': 'application/json' },
  body: '{"body":"from a script"}',
}).then((res) => console.log(res.status));
`;

describe('a hook that acts on GitHub, through genvoy serve with github_app', () => {
  it("comments on a newly opened issue as the installation that sent it; a script gets the installation's token; neither token nor key is logged or journaled", async () => {
    github = await gitHubApi();
    const payload = { ...example('issues', (p) => p.action === 'opened'), installation: { id: 4242, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' } } as Record<string, any>;
    const commentsPath = `/repos/${payload.repository.owner.login}/${payload.repository.name}/issues/${payload.issue.number}/comments`;
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-acting-'));
    await writeFile(join(dir, 'app.pem'), github.privateKey, { mode: 0o600 });
    await writeHooks(join(dir, 'hooks'), { 'issues.ts': thank, 'issues+script': { text: script(github.url + commentsPath), script: true } });
    const config = {
      http_host: '127.0.0.1',
      github_ips_only: false,
      allowed_ips: ['127.0.0.1/32'],
      enforce_secret: secret,
      hooks_path: 'hooks',
      journal_path: 'genvoy.db',
      cache_path: 'cache',
      github_meta_url: 'http://127.0.0.1:9/meta',
      github_api_url: github.url,
      github_app: { app_id: Number(github.appId), private_key_path: 'app.pem' },
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    running = await startCli(['serve', '--config', join(dir, 'config.json'), '--port', '0']);

    const first = await post(running.url, 'issues', payload, { secret });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ issues: { status: 'ok', stdout: '1' }, 'issues+script': { status: 'ok', stdout: '201\n' } });
    const second = await post(running.url, 'issues', payload, { secret });
    expect(second.body).toMatchObject({ issues: { status: 'ok', stdout: '1' }, 'issues+script': { status: 'ok', stdout: '201\n' } });

    // Every JWT verified against the App's public key; one token for the hook thread and one for the scripts, each used again for the second delivery.
    expect(github.jwts).toEqual([undefined, undefined]);
    expect(github.tokens.map((t) => t.installation)).toEqual([4242, 4242]);
    const used = github.comments().map((c) => [c.path, c.authorization?.replace(/^token /, '')]);
    expect(used).toHaveLength(4);
    for (const [path, token] of used) {
      expect(path).toBe(commentsPath);
      expect(github.tokens.map((t) => t.token)).toContain(token);
    }
    expect(new Set(used.map(([, token]) => token)).size).toBe(2);

    running.child.kill('SIGTERM');
    await once(running.child, 'exit');
    const output = running.output();
    expect(output).toMatch(/"msg":"thanked"/);
    const journal = (await Promise.all((await readdir(dir)).filter((f) => f.startsWith('genvoy.db')).map((f) => readFile(join(dir, f), 'latin1')))).join('');
    expect(journal).toContain(payload.issue.node_id); // the journal holds the delivery: the search below reads it
    const keyLines = github.privateKey.split('\n').filter((line) => line && !line.startsWith('-----'));
    for (const text of [output, journal]) {
      for (const { token } of github.tokens) expect(text).not.toContain(token);
      for (const line of keyLines) expect(text).not.toContain(line);
    }
    running = undefined;
  }, 60_000);

  it("aborts a hook's call waiting out GitHub's rate limit at the hook's timeout, and never makes it again", async () => {
    github = await gitHubApi({ intercept: (req) => (req.url?.endsWith('/comments') ? secondaryLimit(5) : undefined) });
    const payload = { ...example('issues', (p) => p.action === 'opened'), installation: { id: 77, node_id: 'x' } };
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-acting-'));
    // A script sees its delivery's token, never the App's key that genvoy read from the environment.
    const env = '#!/bin/sh\necho "key=${GENVOY_APP_PRIVATE_KEY:+set} token=${GENVOY_GITHUB_TOKEN:+set}"\n';
    await writeHooks(join(dir, 'hooks'), { 'issues.ts': thank, 'issues+env': { text: env, script: true } });
    const config = {
      http_host: '127.0.0.1',
      github_ips_only: false,
      allowed_ips: ['127.0.0.1/32'],
      hooks_path: 'hooks',
      journal_path: 'genvoy.db',
      github_meta_url: 'http://127.0.0.1:9/meta',
      github_api_url: github.url,
      github_app: { app_id: github.appId },
      hook_timeout_s: 3,
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    running = await startCli(['serve', '--config', join(dir, 'config.json'), '--port', '0'], { GENVOY_APP_PRIVATE_KEY: github.privateKey });
    const answer = await post(running.url, 'issues', payload);
    expect(answer.body).toMatchObject({ issues: { status: 'timeout' }, 'issues+env': { status: 'ok', stdout: 'key= token=set\n' } });
    expect(github.comments()).toHaveLength(1);
    // Past the 5 s GitHub asked for: no second try.
    await sleep(5000);
    expect(github.comments()).toHaveLength(1);
    expect(running.output()).toMatch(/GitHub's secondary rate limit: waiting 5 s, then trying again/);
  }, 60_000);
});
