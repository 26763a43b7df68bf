import { describe, expect, it } from 'vitest';
import { ambiguousUnderPrefix } from '../../src/pipeline/route/ambiguous-names.ts';
import { knownEvents } from '../../src/pipeline/route/known-events.ts';
import { parentNames, route } from '../../src/pipeline/route/route.ts';

// The hooks folder hands route() its names sorted.
const hooksOf = (names: string[], event: string, repository?: string, branch?: string, rule: 'plus' | 'prefix' = 'plus') =>
  route([...names].sort(), event, { repository, branch }, rule, knownEvents).map((s) => s.hook);

describe('parent names', () => {
  it('follow the original README order', () => {
    expect(parentNames('push', { repository: 'repo1', branch: 'master' })).toEqual([
      'push-repo1-master',
      'push-repo1',
      'push',
      'all-repo1-master',
      'all-repo1',
      'all',
    ]);
  });

  it('leave out branch-specific names when the delivery has no branch', () => {
    expect(parentNames('issues', { repository: 'repo1' })).toEqual(['issues-repo1', 'issues', 'all-repo1', 'all']);
    expect(parentNames('organization', {})).toEqual(['organization', 'all']);
  });

  it('write a branch with a slash with ~, so it never names a path', () => {
    expect(parentNames('push', { repository: 'web', branch: 'feature/login' })[0]).toBe('push-web-feature~login');
    expect(parentNames('push', { repository: 'web', branch: '../../etc/passwd' })[0]).toBe('push-web-..~..~etc~passwd');
  });
});

describe('route (child_hooks "plus")', () => {
  const folder = ['all', 'all+archive', 'all-web', 'push', 'push+a', 'push+b', 'push-web', 'push-web-main', 'push-web-main+deploy', 'push-web-staging', 'push-other', 'pull_request', 'pull_request_review'];

  it('runs each parent followed by its sorted children, in parent order', () => {
    expect(hooksOf(folder, 'push', 'web', 'main')).toEqual(['push-web-main', 'push-web-main+deploy', 'push-web', 'push', 'push+a', 'push+b', 'all-web', 'all', 'all+archive']);
  });

  it('never takes another branch, repository or event as a child', () => {
    const hooks = hooksOf(folder, 'push', 'web', 'main');
    expect(hooks).not.toContain('push-web-staging');
    expect(hooks).not.toContain('push-other');
    expect(hooksOf(folder, 'pull_request', 'web', 'main')).toEqual(['pull_request', 'all-web', 'all', 'all+archive']);
  });

  it('runs a child even where its parent file is absent', () => {
    expect(hooksOf(['push-web+deploy', 'all+log'], 'push', 'web', 'main')).toEqual(['push-web+deploy', 'all+log']);
  });

  it('is empty when nothing matches', () => {
    expect(hooksOf(['push'], 'issues', 'web')).toEqual([]);
  });
});

describe('route (child_hooks "prefix", the original rule)', () => {
  it('takes every name that starts with a parent, runs each once', () => {
    const folder = ['push', 'push-web', 'push-web-main', 'push-web-staging', 'push_notify', 'push-other', 'all', 'all-1-log'];
    expect(hooksOf(folder, 'push', 'web', 'main', 'prefix')).toEqual([
      'push-web-main',
      'push-web',
      'push-web-staging',
      'push',
      'push-other',
      'push_notify',
      'all',
      'all-1-log',
    ]);
  });

  it('never takes a hook of another event whose name starts with this one', () => {
    const folder = ['pull_request', 'pull_request+x', 'pull_request_review', 'pull_request_review_comment', 'pull_request_x'];
    expect(hooksOf(folder, 'pull_request', 'web', 'main', 'prefix')).toEqual(['pull_request', 'pull_request+x', 'pull_request_x']);
    expect(hooksOf(folder, 'pull_request_review', 'web', 'main', 'prefix')).toEqual(['pull_request_review']);
  });

  it('reports the names whose meaning the prefix rule makes ambiguous', () => {
    const lines = ambiguousUnderPrefix(['push', 'push-web', 'push-web-staging', 'push+notify', 'all-web'], knownEvents);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('push-web-staging:'))).toContain('"push", "push-web"');
    expect(lines.find((l) => l.startsWith('all-web:'))).toContain('"all"');
  });
});
