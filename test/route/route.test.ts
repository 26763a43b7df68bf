import { describe, expect, it } from 'vitest';
import { ambiguousUnderPrefix } from '../../src/pipeline/route/ambiguous-names.ts';
import { knownEvents } from '../../src/pipeline/route/known-events.ts';
import { missedChildren, renderMissed } from '../../src/pipeline/route/missed-children.ts';
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
  it("runs what the original's code ran, in its order: the parents with a file, then each one's children", () => {
    const folder = ['push', 'push-web', 'push-web-main', 'push-web-staging', 'push_notify', 'push-other', 'all', 'all-web', 'all-1-log'];
    // The original's code: {event}-{repo}-{branch}, all-{repo}-{branch}, {event}-{repo}, all-{repo}, {event}, all.
    expect(parentNames('push', { repository: 'web', branch: 'main' }, 'prefix')).toEqual(['push-web-main', 'all-web-main', 'push-web', 'all-web', 'push', 'all']);
    expect(hooksOf(folder, 'push', 'web', 'main', 'prefix')).toEqual([
      'push-web-main',
      'push-web',
      'all-web',
      'push',
      'all',
      'push-web-staging', // a child of push-web
      'push-other', // then push's
      'push_notify',
      'all-1-log', // then all's
    ]);
  });

  it('runs no child of a parent without a file, as the original did', () => {
    expect(hooksOf(['push-web-staging', 'push_notify', 'all-1-log'], 'push', 'web', 'main', 'prefix')).toEqual([]);
    expect(hooksOf(['push-web', 'push-web-staging', 'push_notify'], 'push', 'web', 'main', 'prefix')).toEqual(['push-web', 'push-web-staging']);
  });

  it('never takes a hook of another event whose name starts with this one', () => {
    const folder = ['pull_request', 'pull_request+x', 'pull_request_review', 'pull_request_review_comment', 'pull_request_x'];
    expect(hooksOf(folder, 'pull_request', 'web', 'main', 'prefix')).toEqual(['pull_request', 'pull_request+x', 'pull_request_x']);
    expect(hooksOf(folder, 'pull_request_review', 'web', 'main', 'prefix')).toEqual(['pull_request_review']);
  });

  it('reports the names whose meaning the prefix rule makes ambiguous, where a parent they extend has a file', () => {
    const lines = ambiguousUnderPrefix(['push', 'push-web', 'push-web-staging', 'push+notify', 'all-web'], knownEvents);
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.startsWith('push-web:'))).toContain('child of "push"');
    expect(lines.find((l) => l.startsWith('push-web-staging:'))).toContain('"push", "push-web"');
    // There is no `all`: all-web is all-web and nothing else.
    expect(lines.find((l) => l.startsWith('all-web:'))).toBeUndefined();
  });
});

describe('hooks that never run as their names suggest', () => {
  const missed = (hooks: Array<[string, 'module' | 'script']>, rule: 'plus' | 'prefix') =>
    missedChildren(hooks.map(([name, kind]) => ({ name, kind })), rule, knownEvents).map(renderMissed);

  it("names, under plus, the original's children with the name they should have", () => {
    const lines = missed(
      [
        ['push', 'script'],
        ['push_function1', 'script'],
        ['push-myrepo', 'script'],
        ['push-myrepofunction1', 'script'],
        ['all-myrepo', 'script'],
        ['all-myrepo.function1', 'script'],
        ['all', 'script'],
        ['all-1-function1', 'script'],
      ],
      'plus',
    );
    expect(lines).toEqual([
      'all-myrepo.function1: under child_hooks "plus" only the hook of a repository or branch of that name; the original\'s prefix rule made it a child of "all-myrepo": to keep it one, name it "all-myrepo+function1" (or set child_hooks "prefix")',
      'push-myrepofunction1: under child_hooks "plus" only the hook of a repository or branch of that name; the original\'s prefix rule made it a child of "push-myrepo": to keep it one, name it "push-myrepo+function1" (or set child_hooks "prefix")',
      'push_function1: never runs under child_hooks "plus"; the original\'s prefix rule made it a child of "push": name it "push+function1" (or set child_hooks "prefix")',
    ]);
  });

  it("leaves genvoy's own names alone: repositories, branches, children with + and helpers", () => {
    const modules = ['push', 'push+notify', 'push-web', 'push-website', 'push-web-main', 'push-web-main+deploy', 'all', 'all-web', 'issues'];
    expect(missed(modules.map((name) => [name, 'module']), 'plus')).toEqual([]);
    // A module that goes on with a letter is a repository's as often as not; a script comes from the original.
    expect(missed([['push-web', 'module'], ['push-webfoo', 'script']], 'plus')).toHaveLength(1);
  });

  it('names, under prefix, a child that extends no hook with a file', () => {
    expect(missed([['push_function1', 'script'], ['all_log', 'script'], ['all', 'script']], 'prefix')).toEqual([
      'push_function1: a child of "push" under child_hooks "prefix", but "push" has no file: it never runs',
    ]);
  });
});
