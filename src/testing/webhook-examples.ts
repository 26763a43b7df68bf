import { createRequire } from 'node:module';

/** One event's examples as @octokit/webhooks-examples lists them (GitHub's documented payloads). */
export interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown>>;
}

let groups: ExampleGroup[] | undefined;

/**
 * Every event's example payloads, read at the first call: 4 MB of JSON that only example
 * payloads need (`send --example`, genvoy/testing, the benches). The package's entry point is a JSON file, hence require.
 */
export function exampleGroups(): ExampleGroup[] {
  return (groups ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleGroup[]);
}

export const exampleFormat = 'EVENT, EVENT.ACTION, or either with :N for the Nth one (push, issues.opened, issues.opened:2)';

/**
 * The example `name` picks: `push` (the first push), `issues.opened` (the first opened
 * issue), `issues.opened:2` (the second); N counts from 1. Undefined when none matches.
 */
export function pickExample(groups: readonly ExampleGroup[], name: string): { event: string; payload: Record<string, unknown> } | undefined {
  const match = /^([a-z_]+)(?:\.([A-Za-z0-9_-]+))?(?::(\d+))?$/.exec(name);
  if (!match) return undefined;
  const [, event, action, nth = '1'] = match;
  const group = groups.find((g) => g.name === event);
  const payload = group?.examples.filter((p) => action === undefined || p.action === action)[Number(nth) - 1];
  return payload && { event: event!, payload: structuredClone(payload) };
}

/** One line per event: its name, how many examples, and the actions they have with their counts. */
export function listExamples(groups: readonly ExampleGroup[]): string {
  return groups
    .map((group) => {
      const counts = new Map<string, number>();
      for (const p of group.examples) if (typeof p.action === 'string') counts.set(p.action, (counts.get(p.action) ?? 0) + 1);
      const actions = [...counts].map(([action, n]) => (n > 1 ? `${action}:1..${n}` : action)).join(' ');
      const examples = group.examples.length;
      return `${group.name.padEnd(34)} ${examples === 1 ? '1 example ' : `${examples} examples`}${actions ? `  .${actions.replaceAll(' ', ' .')}` : ''}`;
    })
    .join('\n');
}
