import type { HookContext, WebhookEventMap } from 'genvoy';
import { describe, expect, it } from 'vitest';
import { handle } from '../hooks/push.js';

// Only the fields the hook reads: a real push carries many more.
const payload = {
  ref: 'refs/heads/main',
  repository: { full_name: 'acme/website' },
  pusher: { name: 'octocat' },
  commits: [{ id: 'a1' }, { id: 'b2' }],
} as WebhookEventMap['push'];

/** What genvoy passes a hook, with a log that keeps its lines. */
function contextFor(lines: unknown[][]): HookContext {
  const log = { info: (...line: unknown[]) => void lines.push(line) } as unknown as HookContext['log'];
  const signal = new AbortController().signal;
  return {
    delivery: 'a-delivery-id',
    event: 'push',
    hook: 'push',
    log,
    signal,
    get octokit(): never {
      throw new Error('hooks/push.ts does not call GitHub');
    },
  };
}

describe('hooks/push.ts', () => {
  it('answers with the repository, the branch and the number of commits, and logs who pushed', async () => {
    const lines: unknown[][] = [];
    expect(await handle(payload, 'push', contextFor(lines))).toEqual({ repository: 'acme/website', branch: 'main', commits: 2 });
    expect(lines).toEqual([[{ branch: 'main', commits: 2 }, 'octocat pushed to acme/website']]);
  });

  it('gives a tag push no branch', async () => {
    const tag = { ...payload, ref: 'refs/tags/v1.0', commits: [] };
    expect(await handle(tag, 'push', contextFor([]))).toMatchObject({ branch: null, commits: 0 });
  });
});
