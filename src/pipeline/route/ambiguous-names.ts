import type { ExplainedStep } from './explain-route.ts';
import { branchInName, isChild, ownEvent } from './route.ts';

/**
 * Hook names whose meaning the prefix rule makes ambiguous. `push-website-staging` reads as
 * "pushes to website's staging branch", but under "prefix" it is also a child of `push`
 * (and of `push-website`), so it runs on every push. One line per such name, for the log.
 */
export function ambiguousUnderPrefix(hooks: readonly string[], events: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const name of [...hooks].sort()) {
    const event = ownEvent(name, events);
    if (event === undefined || !name.startsWith(`${event}-`)) continue;
    const parents = [event, ...hooks.filter((other) => other !== event && isChild(name, other, 'prefix', events))];
    lines.push(`${name}: under child_hooks "prefix" it also runs as a child of ${parents.map((p) => `"${p}"`).join(', ')}, on every delivery that reaches them`);
  }
  return lines;
}

const branchRule = /-\{branch\}$/;

/**
 * Where `+` (allowed in git branch names) makes a hook's name read two ways under "plus":
 * `push-web-a+b` is the hook of branch `a+b` and also a child of `push-web-a`, so it runs on
 * deliveries to both branches. One line per such step of a route: a parent of a branch with
 * `+`, or a child of a branch's parent that has no file of its own (with one, the child is
 * clearly meant as a child).
 */
export function ambiguousPlus(steps: readonly ExplainedStep[], branch: string | undefined, hooks: readonly string[]): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    if (!branchRule.test(step.rule)) continue;
    if (step.role === 'child' && !hooks.includes(step.parent)) {
      const suffix = step.hook.slice(step.parent.length + 1);
      lines.push(`${step.hook}: a child of "${step.parent}" here, and also the name of the hook of branch "${branch}+${suffix}": it runs on deliveries to both branches`);
    } else if (step.role === 'parent' && branch?.includes('+')) {
      const before = branch.slice(0, branch.indexOf('+'));
      const parent = step.hook.slice(0, step.hook.length - branchInName(branch).length) + branchInName(before);
      lines.push(`${step.hook}: the hook of branch "${branch}" here, and also a child of "${parent}": it runs on deliveries to branch "${before}" too`);
    }
  }
  return lines;
}
