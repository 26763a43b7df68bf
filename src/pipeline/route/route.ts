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

/** The parent names for a delivery, in the order they run (the original README's order), each with its rule. */
export function parentScopes(event: string, place: Place): ParentScope[] {
  const { repository: repo, branch } = place;
  const scopes: ParentScope[] = [];
  for (const [scope, label] of [[event, '{event}'], ['all', 'all']] as const) {
    if (repo !== undefined && branch !== undefined) scopes.push({ name: `${scope}-${repo}-${branchInName(branch)}`, rule: `${label}-{repo}-{branch}` });
    if (repo !== undefined) scopes.push({ name: `${scope}-${repo}`, rule: `${label}-{repo}` });
    scopes.push({ name: scope, rule: label });
  }
  return scopes;
}

export function parentNames(event: string, place: Place): string[] {
  return parentScopes(event, place).map((scope) => scope.name);
}

/**
 * Which hooks run for a delivery, in order: each parent, then its children sorted by
 * name; a child runs even where its parent's file is absent; a hook runs at most once.
 * `hooks` is every hook name in the folder, sorted; `events` the known event names, so
 * that the prefix rule can tell `pull_request_review` apart from a child of `pull_request`.
 */
export function route(hooks: readonly string[], event: string, place: Place, rule: ChildRule, events: ReadonlySet<string>): RouteStep[] {
  const steps: RouteStep[] = [];
  const taken = new Set<string>();
  const take = (hook: string, parent: string) => {
    if (taken.has(hook)) return;
    taken.add(hook);
    steps.push({ hook, parent });
  };
  for (const parent of parentNames(event, place)) {
    if (hooks.includes(parent)) take(parent, parent);
    for (const name of hooks) {
      if (isChild(name, parent, rule, events)) take(name, parent);
    }
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
