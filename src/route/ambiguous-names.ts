import { isChild, ownEvent } from './route.ts';

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
