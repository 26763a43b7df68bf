import { ownEvent, type ChildRule } from './route.ts';

/** One way to read a hook's name: the deliveries whose parent names include it. */
export interface NameReading {
  /** An event, or `all`. */
  event: string;
  repository?: string;
  /** As git names it (`feature/login`, where the name has `feature~login`). */
  branch?: string;
  /** Under "plus", the parent name a child (`push-website-main+deploy`) runs under. */
  parent?: string;
}

/** What GitHub allows in a repository's name. */
const repositoryName = /^[A-Za-z0-9._-]+$/;

/**
 * The readings of a hook's name. A dash may part the repository from the branch, or belong to
 * the repository's name: `push-website-main` is the hook of pushes to branch `main` of
 * `website`, and also of every push to a repository named `website-main` (routing cannot tell
 * them apart: both make the parent name `push-website-main`). Under "plus", a child reads as
 * its parent name does. A name that is no parent name (`pushy`, or any child under "prefix"
 * but for its own reading) has no other.
 */
export function nameReadings(name: string, rule: ChildRule, events: ReadonlySet<string>): NameReading[] {
  const plus = rule === 'plus' ? name.indexOf('+') : -1;
  const parent = plus === -1 ? name : name.slice(0, plus);
  const event = ownEvent(parent, events);
  if (event === undefined) return [];
  const child = plus === -1 ? {} : { parent };
  if (parent === event) return [{ event, ...child }];
  if (!parent.startsWith(`${event}-`)) return [];
  const rest = parent.slice(event.length + 1);
  const readings: NameReading[] = [];
  if (repositoryName.test(rest)) readings.push({ event, repository: rest, ...child });
  for (let dash = rest.indexOf('-'); dash !== -1; dash = rest.indexOf('-', dash + 1)) {
    const [repository, branch] = [rest.slice(0, dash), rest.slice(dash + 1)];
    if (repositoryName.test(repository) && branch !== '' && !branch.startsWith('-')) readings.push({ event, repository, branch: branch.replaceAll('~', '/'), ...child });
  }
  return readings;
}

/** `event push, repository "website", branch "main"`; `any event, repository "website-main"`. */
export function describeReading({ event, repository, branch }: NameReading): string {
  return [event === 'all' ? 'any event' : `event ${event}`, repository !== undefined && `repository "${repository}"`, branch !== undefined && `branch "${branch}"`].filter(Boolean).join(', ');
}
