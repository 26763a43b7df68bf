import { examplePayload, runHook } from 'genvoy/testing';
import { describe, expect, it } from 'vitest';

// runHook runs hooks/push.ts as genvoy would (bundled, its `when` and pins heeded), without a
// server, and returns its result as genvoy's answer shows it, with the lines it logged.
describe('hooks/push.ts', () => {
  it('answers with the repository, the branch and the number of commits, and logs who pushed', async () => {
    // GitHub's first example push (a tag), moved to the branch main.
    const push = { ...examplePayload('push'), ref: 'refs/heads/main' };
    const run = await runHook('hooks/push.ts', 'push', push);
    expect(run).toMatchObject({ status: 'ok', value: { repository: 'Codertocat/Hello-World', branch: 'main', commits: 0 } });
    expect(run.logs).toEqual([{ level: 'info', branch: 'main', commits: 0, msg: 'Codertocat pushed to Codertocat/Hello-World' }]);
  });

  it('gives a tag push no branch', async () => {
    const run = await runHook('hooks/push.ts', 'push', examplePayload('push'));
    expect(run).toMatchObject({ status: 'ok', value: { branch: null } });
  });
});
