import { describe, expect, it } from 'vitest';
import { answeredAs, eventLabel } from '../../src/ops/observe/outcomes.ts';

describe('what became of a delivery at its answer', () => {
  it('names each kind of intake answer, and a ping as ping whatever its hooks', () => {
    expect(answeredAs('push', 'queued')).toBe('queued');
    expect(answeredAs('push', 'recorded')).toBe('recorded');
    expect(answeredAs('push', 'in-progress')).toBe('running');
    expect(answeredAs('ping', 'recorded')).toBe('ping');
    expect(answeredAs('ping', 'queued')).toBe('ping');
  });
});

describe('an event as a label', () => {
  it("keeps GitHub's event names and folds any other into 'other'", () => {
    for (const event of ['push', 'pull_request', 'issues', 'ping', 'workflow_run']) expect(eventLabel(event)).toBe(event);
    // `all` is a hook prefix, not an event; the rest no GitHub event is called.
    for (const event of ['all', 'no_such_event', 'push2', 'a'.repeat(64)]) expect(eventLabel(event)).toBe('other');
  });
});
