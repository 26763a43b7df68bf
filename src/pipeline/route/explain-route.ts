import type { HookFile, HookKind } from './hook-file.ts';
import type { ParentScope, RouteStep } from './route.ts';

/** One hook a delivery would run, and why: the parent name that chose it and that name's rule. */
export interface ExplainedStep {
  hook: string;
  /** `parent`: the hook's name is the parent name itself; `child`: it is a child of `parent`. */
  role: 'parent' | 'child';
  parent: string;
  /** The routing rule that makes `parent`: `{event}-{repo}-{branch}` … `all`. */
  rule: string;
  kind: HookKind;
  file: string;
}

/** The route's steps, in order, each with its reason and its file. */
export function explainRoute(steps: readonly RouteStep[], scopes: readonly ParentScope[], files: ReadonlyMap<string, HookFile>): ExplainedStep[] {
  return steps.map(({ hook, parent }) => {
    const file = files.get(hook)!;
    const rule = scopes.find((scope) => scope.name === parent)!.rule;
    return { hook, role: hook === parent ? 'parent' : 'child', parent, rule, kind: file.kind, file: file.file };
  });
}

/** One line per step, for a terminal. */
export function renderExplained(steps: readonly ExplainedStep[]): string {
  const width = Math.max(0, ...steps.map((s) => s.hook.length));
  return steps
    .map((s, i) => {
      const why = s.role === 'parent' ? `parent, rule ${s.rule}` : `child of "${s.parent}" (rule ${s.rule})`;
      return `${String(i + 1).padStart(2)}. ${s.hook.padEnd(width)}  ${why}; ${s.kind === 'module' ? 'module' : 'legacy script'} ${s.file}`;
    })
    .join('\n');
}
