import { describe, expect, it } from 'vitest';
import type { HookFile } from '../../src/pipeline/route/hook-file.ts';
import { ambiguousPlus } from '../../src/pipeline/route/ambiguous-names.ts';
import { explainRoute } from '../../src/pipeline/route/explain-route.ts';
import { knownEvents } from '../../src/pipeline/route/known-events.ts';
import { parentScopes, route } from '../../src/pipeline/route/route.ts';

const files = (names: string[]) => new Map<string, HookFile>(names.map((name) => [name, { name, file: `/hooks/${name}.ts`, kind: 'module' }]));

function explain(names: string[], branch: string) {
  const place = { repository: 'web', branch };
  const sorted = [...names].sort();
  return explainRoute(route(sorted, 'push', place, 'plus', knownEvents), parentScopes('push', place), files(sorted));
}

describe('explainRoute', () => {
  it("gives each step its parent's rule and its role", () => {
    const steps = explain(['all-web', 'push', 'push+scan', 'push-web-main', 'all+archive'], 'main');
    expect(steps.map((s) => [s.hook, s.role, s.parent, s.rule])).toEqual([
      ['push-web-main', 'parent', 'push-web-main', '{event}-{repo}-{branch}'],
      ['push', 'parent', 'push', '{event}'],
      ['push+scan', 'child', 'push', '{event}'],
      ['all-web', 'parent', 'all-web', 'all-{repo}'],
      ['all+archive', 'child', 'all', 'all'],
    ]);
    expect(steps[0]).toMatchObject({ kind: 'module', file: '/hooks/push-web-main.ts' });
  });
});

describe('ambiguousPlus', () => {
  it('warns about a branch with "+" and about a child of a branch parent without a file, nothing else', () => {
    const names = ['push-web-a+b', 'push-web-main', 'push-web-main+deploy', 'push+x'];
    expect(ambiguousPlus(explain(names, 'a+b'), 'a+b', names)).toEqual([
      'push-web-a+b: the hook of branch "a+b" here, and also a child of "push-web-a": it runs on deliveries to branch "a" too',
    ]);
    expect(ambiguousPlus(explain(names, 'a'), 'a', names)).toEqual([
      'push-web-a+b: a child of "push-web-a" here, and also the name of the hook of branch "a+b": it runs on deliveries to both branches',
    ]);
    expect(ambiguousPlus(explain(names, 'main'), 'main', names)).toEqual([]);
  });

  it('writes a "/" in a branch as "~", as the names do', () => {
    const names = ['push-web-feat~x+y'];
    expect(ambiguousPlus(explain(names, 'feat/x+y'), 'feat/x+y', names)).toEqual([
      'push-web-feat~x+y: the hook of branch "feat/x+y" here, and also a child of "push-web-feat~x": it runs on deliveries to branch "feat/x" too',
    ]);
  });
});
