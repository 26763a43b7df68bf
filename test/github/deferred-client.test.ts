import { afterEach, describe, expect, it } from 'vitest';
import { gitHubApi, type GitHubApi } from '../support/github-api.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer | undefined;
let github: GitHubApi | undefined;
afterEach(async () => {
  await server?.stop();
  await github?.close();
  server = github = undefined;
});

describe('context.octokit reached without naming it', () => {
  it('is copied with the context at no cost, and loads the client at its first call', async () => {
    github = await gitHubApi({}, ['ghp_deferredToken']);
    // Its thread never loaded GitHub's client: the module does not name it.
    const hook = `const name = ['octo', 'kit'].join('');
export const handle = async (payload, event, context) => {
  const copy = { ...context };
  const { status } = await copy[name].rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 3, body: 'hi' });
  const again = await context[name].request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 4, body: 'hi' });
  return [status, again.status];
};`;
    server = await startServer({ github_api_url: github.url, github_token: 'ghp_deferredToken' }, { 'issues.mjs': hook });
    expect((await server.post('issues', { action: 'opened' })).body).toMatchObject({ issues: { status: 'ok', stdout: '[201,201]' } });
    expect(github.comments().map((c) => [c.path, c.authorization])).toEqual([
      ['/repos/o/r/issues/3/comments', 'token ghp_deferredToken'],
      ['/repos/o/r/issues/4/comments', 'token ghp_deferredToken'],
    ]);
  }, 30_000);
});
