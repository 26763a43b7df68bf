import type { Place } from '../parse/repository-branch.ts';

/**
 * How a child hook is recognised:
 * - "plus": the parent's name, `+`, any suffix (`push+notify`, `push-website-main+deploy`).
 * - "prefix": any name that starts with the parent's (the original's rule), but never a
 *   name of another event (`pull_request_review…` is not a child of `pull_request`).
 */
export type ChildRule = 'plus' | 'prefix';

export interface RouteStep {
  /** The hook to run. */
  hook: string;
  /** The parent name that chose it (the hook itself when it is a parent). */
  parent: string;
}

/**
 * A `/` cannot be part of a file name, so a branch such as `feature/login` is written
 * `feature~login` in a hook's name (`~` is never part of a git branch name).
 */
export function branchInName(branch: string): string {
  return branch.replaceAll('/', '~');
}

/** A parent name and the rule that makes it, such as `{event}-{repo}-{branch}`. */
export interface ParentScope {
  name: string;
  rule: string;
}

/**
 * The parent names for a delivery, in the order they run, each with its rule. Under "plus",
 * the original README's order; under "prefix", the order the original's code ran them in
 * (its README says otherwise): `all-{repo}-{branch}` before `{event}-{repo}`, and so on.
 */
export function parentScopes(event: string, place: Place, rule: ChildRule = 'plus'): ParentScope[] {
  const { repository: repo, branch } = place;
  // For one prefix (the event, or `all`): its branch's, its repository's and its own name.
  const levels = (prefix: string, label: string): ParentScope[][] => [
    repo !== undefined && branch !== undefined ? [{ name: `${prefix}-${repo}-${branchInName(branch)}`, rule: `${label}-{repo}-{branch}` }] : [],
    repo !== undefined ? [{ name: `${prefix}-${repo}`, rule: `${label}-{repo}` }] : [],
    [{ name: prefix, rule: label }],
  ];
  const own = levels(event, '{event}');
  const all = levels('all', 'all');
  return rule === 'prefix' ? own.flatMap((level, i) => [...level, ...all[i]!]) : [...own.flat(), ...all.flat()];
}

export function parentNames(event: string, place: Place, rule: ChildRule = 'plus'): string[] {
  return parentScopes(event, place, rule).map((scope) => scope.name);
}

/**
 * Which hooks run for a delivery, in order; a hook runs at most once. `hooks` is every hook
 * name in the folder, sorted; `events` the known event names, so that the prefix rule can
 * tell `pull_request_review` apart from a child of `pull_request`.
 * - "plus": each parent, then its children sorted by name; a child runs even where its
 *   parent's file is absent.
 * - "prefix", as the original ran them: first every parent that has a file, then, parent
 *   by parent, the children of each (sorted by name). A child of a parent without a file
 *   does not run.
 */
export function route(hooks: readonly string[], event: string, place: Place, rule: ChildRule, events: ReadonlySet<string>): RouteStep[] {
  const steps: RouteStep[] = [];
  const taken = new Set<string>();
  const take = (hook: string, parent: string) => {
    if (taken.has(hook)) return;
    taken.add(hook);
    steps.push({ hook, parent });
  };
  const children = (parent: string) => {
    for (const name of hooks) {
      if (isChild(name, parent, rule, events)) take(name, parent);
    }
  };
  if (rule === 'prefix') {
    const parents = parentNames(event, place, rule).filter((parent) => hooks.includes(parent));
    for (const parent of parents) take(parent, parent);
    for (const parent of parents) children(parent);
    return steps;
  }
  for (const parent of parentNames(event, place)) {
    if (hooks.includes(parent)) take(parent, parent);
    children(parent);
  }
  return steps;
}

export function isChild(name: string, parent: string, rule: ChildRule, events: ReadonlySet<string>): boolean {
  if (rule === 'plus') return name.length > parent.length + 1 && name.startsWith(`${parent}+`);
  if (name === parent || !name.startsWith(parent)) return false;
  return ownEvent(name, events) === ownEvent(parent, events);
}

/** The longest known event name (or `all`) that a hook name starts with. */
export function ownEvent(name: string, events: ReadonlySet<string>): string | undefined {
  let own: string | undefined;
  for (const event of events) {
    if (name.startsWith(event) && (own === undefined || event.length > own.length)) own = event;
  }
  return own;
}
