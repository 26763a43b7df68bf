import type { ExplainedStep } from './explain-route.ts';
import { describeReading, nameReadings, type NameReading } from './name-readings.ts';
import { agrees, describePins, type Pins } from './pinned-reading.ts';
import { branchInName, isChild, ownEvent, type ChildRule } from './route.ts';

/**
 * Hook names whose meaning the prefix rule makes ambiguous. `push-website-staging` reads as
 * "pushes to website's staging branch", but under "prefix", where `push` (or `push-website`)
 * has a file, it is also its child, so it runs on every push. One line per such name, for the log.
 */
export function ambiguousUnderPrefix(hooks: readonly string[], events: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const name of [...hooks].sort()) {
    const event = ownEvent(name, events);
    if (event === undefined || !name.startsWith(`${event}-`)) continue;
    const parents = hooks.filter((other) => isChild(name, other, 'prefix', events));
    if (parents.length === 0) continue;
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

/** A hook name that reads more than one way, and the readings its module's pins leave. */
export interface SeveralReadings {
  hook: string;
  readings: NameReading[];
  /** Its module's pins; undefined when unknown (nothing loaded) or none (a legacy script). */
  pins?: Pins;
  /** The readings the pins agree with: all without pins; one is what a pin is for; none, a hook that never runs. */
  left: NameReading[];
}

/**
 * Every hook name with more than one reading (a dash in the repository's name, or a
 * repository and a branch): `push-website-main` runs for pushes to `website`'s branch `main`,
 * and for every push to a repository named `website-main`, which anyone who may create a
 * repository in the organisation can make. `pinsOf`: a module's pins, where known.
 */
export function severalReadings(hooks: readonly string[], rule: ChildRule, events: ReadonlySet<string>, pinsOf: (hook: string) => Pins | undefined = () => undefined): SeveralReadings[] {
  const found: SeveralReadings[] = [];
  for (const hook of [...hooks].sort()) {
    const readings = nameReadings(hook, rule, events);
    if (readings.length < 2) continue;
    const pins = pinsOf(hook);
    found.push({ hook, readings, pins, left: pins ? readings.filter((reading) => agrees(reading, pins)) : readings });
  }
  return found;
}

/** Whether the module's pins leave one reading: what they are for. */
export function pinnedToOne({ pins, left }: SeveralReadings): boolean {
  return pins !== undefined && describePins(pins) !== '' && left.length === 1;
}

/**
 * What the pins make of a name's readings, for a line after the hook's name or file. `loaded`:
 * whether the modules were loaded, so that a hook without pins is known to have none.
 */
export function renderReadings({ readings, pins, left }: SeveralReadings, loaded: boolean): string {
  const parent = readings[0]!.parent;
  const head = `${parent === undefined ? 'the name' : `a child of "${parent}", whose name`} reads ${readings.length} ways: ${readings.map(describeReading).join('; ')}`;
  const pinned = pins && describePins(pins);
  if (pinned && left.length === 0) return `${head}; the module is pinned to ${pinned}, none of them: it never runs`;
  if (pinned && left.length === 1) return `${head}; the module is pinned to ${pinned}: a delivery of another reading skips it`;
  const pin = "export const repository = '…' and export const branch = '…'";
  if (pinned) return `${head}; the module's pins (${pinned}) leave ${left.length} of them: it runs for each; pin the repository and the branch (${pin})`;
  if (!loaded) return `${head}; unless its module pins one (${pin}), it runs for each`;
  return `${head}; it runs for each: pin a module to one (${pin}), or rename it`;
}
