// test/labels.test.ts
import { examplePayload, gitHubStandIn, runHook, type GitHubStandIn } from 'genvoy/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const hook = new URL('../hooks/pull_request+labels.ts', import.meta.url);

describe('pull_request+labels', () => {
  let github: GitHubStandIn;
  beforeEach(async () => {
    // Two pages of files, as GitHub sends a long list: the Link header names the next one.
    github = await gitHubStandIn((call) => {
      if (call.url.endsWith('/files?per_page=100')) return { body: [{ filename: 'src/app.ts' }], headers: { link: `<${github.url}${call.url}&page=2>; rel="next"` } };
      if (call.url.endsWith('&page=2')) return { body: [{ filename: 'docs/guide.md' }, { filename: 'README.md' }] };
      return undefined; // addLabels: 200 {}
    });
  });
  afterEach(() => github.close());

  it('labels a new pull request by the folders of all its files', async () => {
    const run = await runHook(hook, 'pull_request', examplePayload('pull_request.opened'), { githubApiUrl: github.url });
    expect(run).toMatchObject({ status: 'ok', value: { labels: ['code', 'documentation'] } });
    expect(github.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100',
      'GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100&page=2',
      'POST /repos/Codertocat/Hello-World/issues/2/labels',
    ]);
    expect(github.calls[2]!.body).toEqual({ labels: ['code', 'documentation'] });
    expect(run.logs).toEqual([{ level: 'info', labels: ['code', 'documentation'], msg: 'labelled #2' }]);
  });

  it('leaves a closed pull request alone', async () => {
    const run = await runHook(hook, 'pull_request', examplePayload('pull_request.closed'), { githubApiUrl: github.url });
    expect(run).toMatchObject({ status: 'skipped', reason: "when: action == 'opened' || action == 'synchronize'" });
    expect(github.calls).toEqual([]);
  });
});
