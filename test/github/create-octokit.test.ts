import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubConnection } from '../../src/config/schema.ts';
import { createOctokit } from '../../src/github/create-octokit.ts';
import { hookClient, scriptToken } from '../../src/github/hook-client.ts';
import { marginMs } from '../../src/github/token-cache.ts';
import { gitHubApi, secondaryLimit, type GitHubApi } from '../support/github-api.ts';

let github: GitHubApi | undefined;

afterEach(async () => {
  await github?.close();
  github = undefined;
});

function capturedLog() {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) }));
  return { log, text: () => lines.join('') };
}

const app = (api: GitHubApi): GitHubConnection => ({ apiUrl: api.url, auth: { kind: 'app', appId: api.appId, privateKey: api.privateKey } });
const comment = { owner: 'octo', repo: 'site', issue_number: 7, body: 'Thanks!' };
/** The key's text between its armour: what would show if it were logged. */
const keyBody = (pem: string) => pem.split('\n').slice(1, 4).join('');

describe('createOctokit as a GitHub App', () => {
  it("signs a JWT GitHub verifies with the App's public key, exchanges it for the installation's token, and calls with that", async () => {
    github = await gitHubApi();
    const { log, text } = capturedLog();
    const octokit = createOctokit(app(github), { installationId: 42, log });
    await octokit.rest.issues.createComment(comment);
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /app/installations/42/access_tokens', 'POST /repos/octo/site/issues/7/comments']);
    expect(github.jwts).toEqual([undefined]);
    expect(github.tokens).toEqual([{ token: expect.stringMatching(/^ghs_/), installation: 42 }]);
    expect(github.comments()).toEqual([{ path: '/repos/octo/site/issues/7/comments', authorization: `token ${github.tokens[0]!.token}`, body: JSON.stringify({ body: 'Thanks!' }) }]);
    // A hook that logs a failed call's error: the request in it shows no token.
    const failed = await octokit.request('GET /repos/{owner}/{repo}/nothing', { owner: 'octo', repo: 'site' }).catch((err: unknown) => err);
    log.error({ err: failed }, 'call failed');
    expect(text()).toMatch(/"status":404/);
    expect(text()).toContain('"authorization":"token [REDACTED]"');
    expect(text()).not.toContain(github.tokens[0]!.token);
  });

  it('keeps a token for the hooks that follow, per installation, and makes a new one shortly before it expires', async () => {
    // The first token ends within the margin: used once, then replaced; the second lasts an hour.
    github = await gitHubApi({ expiresAt: (n) => new Date(Date.now() + (n === 1 ? marginMs / 2 : 3_600_000)) });
    const { log, text } = capturedLog();
    const connection = app(github);
    for (let run = 0; run < 3; run++) await createOctokit(connection, { installationId: 7, log }).rest.issues.createComment(comment);
    await createOctokit(connection, { installationId: 8, log }).rest.issues.createComment(comment);
    expect(github.tokens.map((t) => t.installation)).toEqual([7, 7, 8]);
    const [first, second, other] = github.tokens.map((t) => `token ${t.token}`);
    expect(github.comments().map((c) => c.authorization)).toEqual([first, second, second, other]);
    // A script's GENVOY_GITHUB_TOKEN comes from the same cache.
    expect(await scriptToken(connection, { installation: { id: 7 } }, log)).toBe(github.tokens[1]!.token);
    expect(github.tokens).toHaveLength(3);
    for (const { token } of github.tokens) expect(text()).not.toContain(token);
    expect(text()).not.toContain(keyBody(github.privateKey));
  });
});

describe("createOctokit and GitHub's rate limits", () => {
  it('waits as long as a 403 or 429 with Retry-After asks, then makes the call again', async () => {
    // GitHub's secondary limit, then a 429 that says less.
    const answers = [secondaryLimit(1), { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } }];
    github = await gitHubApi({ intercept: (req) => (req.url?.endsWith('/comments') ? answers.shift() : undefined) });
    const { log, text } = capturedLog();
    // The stand-in takes only tokens it gave out: this one is its App's installation's.
    const { token } = (await createOctokit(app(github), { installationId: 1 }).auth({ type: 'installation' })) as { token: string };
    const response = await createOctokit({ apiUrl: github.url, auth: { kind: 'token', token } }, { log }).rest.issues.createComment(comment);
    expect(response.status).toBe(201);
    expect(github.comments()).toHaveLength(3);
    expect(text().match(/GitHub's secondary rate limit: waiting 1 s, then trying again/g)).toHaveLength(2);
  });

  it("ends a call waiting out a rate limit when its signal aborts (the hook's timeout), and never makes it again", async () => {
    github = await gitHubApi({ intercept: (req) => (req.url?.endsWith('/comments') ? secondaryLimit(2) : undefined) });
    const { token } = (await createOctokit(app(github), { installationId: 1 }).auth({ type: 'installation' })) as { token: string };
    const controller = new AbortController();
    const call = createOctokit({ apiUrl: github.url, auth: { kind: 'token', token } }, { signal: controller.signal }).rest.issues.createComment(comment);
    const outcome = call.then(
      () => 'answered',
      (err: Error) => err.message,
    );
    while (github.comments().length === 0) await sleep(20);
    await sleep(500); // GitHub's answer is in: the client is waiting its 2 s
    controller.abort(new Error('hook timed out after 0.3 s'));
    expect(await outcome).toBe('hook timed out after 0.3 s');
    // Past the 2 s GitHub asked for, the call was not made again.
    await sleep(4000);
    expect(github.comments()).toHaveLength(1);
  });
});

describe('hookClient', () => {
  it('fails at the first call, saying what to configure, without credentials or without an installation under an App', async () => {
    github = await gitHubApi();
    const signal = new AbortController().signal;
    const { log } = capturedLog();
    const none = hookClient({ apiUrl: github.url, auth: { kind: 'none' } }, { installation: { id: 1 } }, signal, log);
    await expect(none.rest.issues.createComment(comment)).rejects.toThrow(/^context\.octokit: genvoy has no GitHub credentials: set "github_app" .* or "github_token" \(or GENVOY_GITHUB_TOKEN\)/);
    const noInstallation = hookClient(app(github), { repository: {} }, signal, log);
    await expect(noInstallation.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).rejects.toThrow(/names no installation \(payload\.installation\.id\)/);
    expect(github.requests).toEqual([]);
    await hookClient(app(github), { installation: { id: 9 } }, signal, log).rest.issues.createComment(comment);
    expect(github.tokens.map((t) => t.installation)).toEqual([9]);
  });
});
