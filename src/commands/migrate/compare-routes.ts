import { ownEvent, route, type ChildRule } from '../../pipeline/route/route.ts';
import { originalRoute } from './original-route.ts';

/** One kind of delivery, with its branch as genvoy reads it and as the original did. */
export interface Probe {
  event: string;
  repository?: string;
  branch?: string;
  originalBranch?: string;
}

/** Events with a branch to the original: a pushed ref (a tag too, which is left out here), a created or deleted branch, a pull request's base. */
const originalBranchEvents = new Set(['push', 'create', 'delete', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'pull_request_review_thread']);
/** genvoy reads a branch where the original did, and a check's or workflow's head branch. */
const genvoyBranchEvents = new Set([...originalBranchEvents, 'check_run', 'check_suite', 'workflow_run', 'workflow_job']);

/**
 * Deliveries that tell two routings of a folder apart: every event its names start with
 * (and a push and an issue), to every repository and branch its names can be read as, and
 * to a repository and branch no name mentions.
 */
export function probes(files: readonly string[], events: ReadonlySet<string>): Probe[] {
  const own = files.map((file) => ownEvent(file, events));
  const probeEvents = [...new Set([...own.filter((event): event is string => event !== undefined && event !== 'all'), 'push', 'issues'])].sort();
  const places: Array<{ repository?: string; branch?: string }> = [{ repository: 'any-repo', branch: 'any-branch' }, { repository: 'any-repo' }, {}];
  files.forEach((file, i) => {
    const event = own[i];
    if (event === undefined || !file.startsWith(`${event}-`)) return;
    const rest = file.slice(event.length + 1).split('+')[0]!;
    places.push({ repository: rest });
    for (const [at, c] of [...rest].entries()) if (c === '-') places.push({ repository: rest.slice(0, at), branch: rest.slice(at + 1) });
  });
  const found = new Map<string, Probe>();
  for (const event of probeEvents) {
    for (const { repository, branch } of places) {
      if (branch !== undefined && !genvoyBranchEvents.has(event)) continue;
      const probe: Probe = { event, repository, branch, originalBranch: originalBranchEvents.has(event) ? branch : undefined };
      found.set(JSON.stringify(probe), probe);
    }
  }
  return [...found.values()];
}

/** `a push delivery (repository web, branch main)`. */
export function describeProbe({ event, repository, branch }: Probe): string {
  const where = [repository ? `repository ${repository}` : 'no repository', branch && `branch ${branch}`].filter(Boolean).join(', ');
  return `a${/^[aeiou]/.test(event) ? 'n' : ''} ${event} delivery (${where})`;
}

export interface RouteDifference {
  /** Hooks the original ran and genvoy does not, each with the first delivery that shows it. */
  missing: Map<string, Probe>;
  /** Hooks genvoy runs and the original did not. */
  extra: Map<string, Probe>;
  /** Deliveries whose hooks, those both run, run in another order: the first (`original` by the original's names, `genvoy` by genvoy's), and how many in all. */
  order?: { probe: Probe; original: string[]; genvoy: string[]; count: number };
}

/**
 * What the original ran for each probe (its executable `files`) against what genvoy runs
 * with the migrated names under `rule`; `originalName` maps a migrated name back (a renamed
 * child to its old name, a `~` branch to its subfolder path).
 */
export function compareRoutes(files: readonly string[], names: readonly string[], originalName: (name: string) => string, rule: ChildRule, events: ReadonlySet<string>): RouteDifference {
  const sortedFiles = [...files].sort();
  const sortedNames = [...names].sort();
  const difference: RouteDifference = { missing: new Map(), extra: new Map() };
  for (const probe of probes(sortedFiles, events)) {
    const original = originalRoute(sortedFiles, probe.event, { repository: probe.repository, branch: probe.originalBranch });
    const named = route(sortedNames, probe.event, { repository: probe.repository, branch: probe.branch }, rule, events).map((step) => step.hook);
    const genvoy = named.map(originalName);
    for (const hook of original) if (!genvoy.includes(hook) && !difference.missing.has(hook)) difference.missing.set(hook, probe);
    for (const hook of genvoy) if (!original.includes(hook) && !difference.extra.has(hook)) difference.extra.set(hook, probe);
    // The order of the hooks both run, whatever else differs.
    const both = genvoy.filter((hook) => original.includes(hook));
    if (original.filter((hook) => genvoy.includes(hook)).some((hook, i) => both[i] !== hook)) {
      if (difference.order) difference.order.count++;
      else difference.order = { probe, original, genvoy: named, count: 1 };
    }
  }
  return difference;
}
