import { describe, expect, it } from 'vitest';
import { examplePayload } from '../../src/testing/index.ts';

describe('examplePayload', () => {
  it('gives the first example of an event, or of an action, or the Nth', () => {
    const opened = examplePayload('issues.opened');
    expect(opened.action).toBe('opened');
    expect(opened.issue.number).toBe(1); // typed: IssuesOpenedEvent
    expect(examplePayload('push').ref).toMatch(/^refs\//);
    const labeled = examplePayload('pull_request.labeled:1');
    expect(labeled.label?.name).toBeTypeOf('string');
    expect(() => examplePayload('issues.opened:99')).toThrow('no example payload "issues.opened:99"');
  });

  it('gives a fresh copy each time', () => {
    const first = examplePayload('push');
    first.ref = 'refs/heads/changed';
    expect(examplePayload('push').ref).not.toBe('refs/heads/changed');
  });

  it('names the closest examples for a name it does not have', () => {
    // @ts-expect-error: not an event's name
    expect(() => examplePayload('isues.opend')).toThrow(
      'no example payload "isues.opend" (expected EVENT, EVENT.ACTION, or either with :N for the Nth one (push, issues.opened, issues.opened:2)); the closest: issues.opened, issues.reopened, issues.locked, issues.pinned, issue_comment',
    );
  });
});
