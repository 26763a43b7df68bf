// test/status.test.ts
import { examplePayload, gitHubStandIn, runHook, type GitHubStandIn } from 'genvoy/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

const hook = new URL('../hooks/push+status.ts', import.meta.url);
const push = examplePayload('push:5'); // a push of one commit to a branch

let github: GitHubStandIn;
beforeEach(async () => {
  github = await gitHubStandIn();
});
afterEach(() => github.close());

it('sets success on a pushed commit when nothing waits to be squashed', async () => {
  const run = await runHook(hook, 'push', push, { githubApiUrl: github.url });
  expect(run).toMatchObject({ status: 'ok', value: { state: 'success' } });
  expect(github.calls).toEqual([
    expect.objectContaining({
      method: 'POST',
      url: `/repos/Codertocat/Hello-World/statuses/${push.after}`,
      body: { state: 'success', context: 'genvoy/squashed', description: 'nothing left to squash' },
    }),
  ]);
});

it('sets failure while a fixup! commit waits', async () => {
  const fixup = { ...push, commits: [...push.commits, { ...push.commits[0]!, message: 'fixup! Initial commit' }] };
  const run = await runHook(hook, 'push', fixup, { githubApiUrl: github.url });
  expect(run).toMatchObject({ status: 'ok', value: { state: 'failure' } });
  expect(github.calls[0]!.body).toMatchObject({ state: 'failure', description: '1 commit(s) to squash before merging' });
});
