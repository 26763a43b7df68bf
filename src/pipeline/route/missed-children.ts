import type { HookKind } from './hook-file.ts';
import { isChild, ownEvent, type ChildRule } from './route.ts';

/** What a hook's name could be, under either rule: its event's own name, or that name, `-` and more. */
export function parentShaped(name: string, events: ReadonlySet<string>): boolean {
  const event = ownEvent(name, events);
  return event !== undefined && (name === event || name.startsWith(`${event}-`));
}

/** `push_function1` after `push` → `function1`: the rest of a child's name, its separator left off. */
export function childSuffix(name: string, parent: string): string {
  const rest = name.slice(parent.length);
  return rest.replace(/^[-_.]+/, '') || rest;
}

/** A hook that never runs as its name suggests, and what to do about it. */
export interface MissedChild {
  hook: string;
  message: string;
}

/** `push_function1: never runs …`. */
export function renderMissed({ hook, message }: MissedChild): string {
  return `${hook}: ${message}`;
}

/**
 * Hooks that silently never run as their author meant under the rule in force, each with
 * what to do. Under "plus", a name the original's prefix rule made a child:
 * - `push_function1`: no delivery's parent name, so it never runs;
 * - `all-myrepo.function1` beside `all-myrepo`: under "plus" only the hook of a repository
 *   `myrepo.function1`. A name that goes on with a letter or digit (`push-website` beside
 *   `push-web`) is a repository's or branch's as often as not: only a legacy script, which
 *   comes from the original, is named then.
 * Under "prefix", a child that extends no hook with a file, so that it never runs.
 */
export function missedChildren(hooks: ReadonlyArray<{ name: string; kind: HookKind }>, rule: ChildRule, events: ReadonlySet<string>): MissedChild[] {
  const names = hooks.map((hook) => hook.name);
  const missed: MissedChild[] = [];
  for (const { name, kind } of [...hooks].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const event = ownEvent(name, events);
    if (event === undefined || name.includes('+')) continue;
    if (rule === 'prefix') {
      if (!parentShaped(name, events) && !names.some((other) => isChild(name, other, 'prefix', events))) {
        missed.push({ hook: name, message: `a child of "${event}" under child_hooks "prefix", but "${event}" has no file: it never runs` });
      }
      continue;
    }
    if (!parentShaped(name, events)) {
      missed.push({ hook: name, message: `never runs under child_hooks "plus"; the original's prefix rule made it a child of "${event}": name it "${event}+${childSuffix(name, event)}" (or set child_hooks "prefix")` });
      continue;
    }
    const parent = names.filter((other) => other.length < name.length && name.startsWith(other) && ownEvent(other, events) === event && parentShaped(other, events)).sort((a, b) => b.length - a.length)[0];
    const next = parent === undefined ? '' : name[parent.length]!;
    if (parent === undefined || next === '-' || (/[A-Za-z0-9]/.test(next) && kind !== 'script')) continue;
    missed.push({
      hook: name,
      message: `under child_hooks "plus" only the hook of a repository or branch of that name; the original's prefix rule made it a child of "${parent}": to keep it one, name it "${parent}+${childSuffix(name, parent)}" (or set child_hooks "prefix")`,
    });
  }
  return missed;
}
