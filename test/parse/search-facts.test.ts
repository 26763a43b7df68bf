import { describe, expect, it } from 'vitest';
import { searchFacts } from '../../src/pipeline/parse/search-facts.ts';
import { branchPush, example } from '../support/examples.ts';

describe('what a delivery is searched by', () => {
  it("reads the sender and the title of what each event is about from GitHub's example payloads", () => {
    const titleOf = (event: string, match?: (p: Record<string, unknown>) => boolean) => searchFacts(example(event, match)).title;
    expect(searchFacts(example('issues', (p) => p.action === 'opened'))).toEqual({ sender: 'Codertocat', title: 'Spelling error in the README file' });
    expect(titleOf('pull_request', (p) => p.action === 'opened')).toBe('Update the README with new information.');
    // This release has no name: its tag stands for it.
    expect(titleOf('release', (p) => p.action === 'published')).toBe('0.0.1');
    expect(titleOf('workflow_run')).toBe('Manually triggered workflow');
    expect(titleOf('check_run')).toBe((example('check_run').check_run as Record<string, unknown>).name);
    // A push's title is its head commit's subject: the first line of its message.
    const push = branchPush();
    (push.head_commit as Record<string, unknown>).message = 'Fix the build\n\nIt was red since Tuesday.';
    expect(searchFacts(push).title).toBe('Fix the build');
  });

  it('cuts a long title, and leaves out what is missing or not text', () => {
    expect(searchFacts({ issue: { title: 'x'.repeat(500) } }).title).toHaveLength(200);
    expect(searchFacts({ sender: { login: 42 }, issue: { title: '   ' }, ref: 'refs/heads/main' })).toEqual({ sender: undefined, title: 'refs/heads/main' });
    expect(searchFacts({})).toEqual({ sender: undefined });
  });
});
