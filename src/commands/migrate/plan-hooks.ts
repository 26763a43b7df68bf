import { childSuffix, parentShaped } from '../../pipeline/route/missed-children.ts';
import { branchInName, ownEvent, type ChildRule } from '../../pipeline/route/route.ts';

/** An executable of the original's hooks folder, and the name it gets in genvoy's. */
export interface HookName {
  /** Its path in the original's hooks folder (`push-web-feature/login` for a branch with a `/`). */
  from: string;
  to: string;
  /** Why it was renamed: the parent it is a child of, or the branch it is written with `~` for. */
  why?: string;
}

/**
 * genvoy's names for the original's executables. A branch with a `/` was a subfolder to the
 * original: its `/` becomes `~`. Under "plus", a child by the original's prefix rule becomes
 * `parent+suffix`, the parent being the shortest name with a file that it extends (where that
 * one has a file, the original ran the child on all its deliveries); a name that extends
 * its longest parent with `-` is a repository's or branch's hook and keeps its name. Under
 * "prefix", children keep their names. A new name already taken keeps the old one.
 */
export function planHookNames(files: readonly string[], rule: ChildRule, events: ReadonlySet<string>): HookName[] {
  const top = files.filter((file) => !file.includes('/'));
  const taken = new Set(top);
  const take = (from: string, candidates: string[], why: string): HookName => {
    const to = candidates.find((name) => !taken.has(name));
    if (to === undefined) return { from, to: from };
    taken.add(to);
    return { from, to, why };
  };
  return [...files].sort().map((from): HookName => {
    if (from.includes('/')) return take(from, [branchInName(from)], 'a branch with "/" is written with "~"');
    if (rule === 'prefix') return { from, to: from };
    const event = ownEvent(from, events);
    const parents = top.filter((other) => other.length < from.length && from.startsWith(other) && ownEvent(other, events) === event && parentShaped(other, events)).sort((a, b) => a.length - b.length);
    const shortest = parents[0];
    const next = from[parents.at(-1)?.length ?? 0];
    if (shortest === undefined || next === '+' || (next === '-' && parentShaped(from, events))) return { from, to: from };
    return take(from, [`${shortest}+${childSuffix(from, shortest)}`, `${shortest}+${from.slice(shortest.length)}`], `a child of "${shortest}"`);
  });
}
