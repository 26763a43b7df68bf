// test/welcome.test.ts
import { examplePayload, gitHubStandIn, runHook } from 'genvoy/testing';
import { expect, it } from 'vitest';

const hook = new URL('../hooks/issues+welcome.ts', import.meta.url);

it('thanks whoever opens an issue, and only then', async () => {
  const github = await gitHubStandIn(() => ({ status: 201, body: { id: 42 } }));
  try {
    const opened = await runHook(hook, 'issues', examplePayload('issues.opened'), { githubApiUrl: github.url });
    expect(opened).toMatchObject({ status: 'ok', value: { comment: 42 } });
    expect(github.calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/repos/Codertocat/Hello-World/issues/1/comments',
        body: { body: 'Thanks for opening this, @Codertocat: we read every issue within a week.' },
      }),
    ]);

    const edited = await runHook(hook, 'issues', examplePayload('issues.edited'), { githubApiUrl: github.url });
    expect(edited.status).toBe('skipped');
    expect(github.calls).toHaveLength(1);
  } finally {
    await github.close();
  }
});

it('fails, saying why, when GitHub refuses the comment', async () => {
  const github = await gitHubStandIn(() => ({ status: 403, body: { message: 'Resource not accessible by integration' } }));
  try {
    const run = await runHook(hook, 'issues', examplePayload('issues.opened'), { githubApiUrl: github.url });
    expect(run.status).toBe('failed');
    expect(run.stderr).toContain('Resource not accessible by integration');
  } finally {
    await github.close();
  }
});
