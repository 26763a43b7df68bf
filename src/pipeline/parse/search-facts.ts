/**
 * What the web page searches a delivery by besides its event and repository: who sent it and
 * the title of what it is about (an issue's, a pull request's, a release's, a run's...). Read
 * with the other payload facts, so that the journal stores them and a search reads an index,
 * never a payload.
 */

type Json = Record<string, unknown>;

/** Where a title may be, tried in this order; the first text found is the title. */
const titlePaths: readonly string[][] = [
  ['issue', 'title'],
  ['pull_request', 'title'],
  ['discussion', 'title'],
  ['release', 'name'],
  ['release', 'tag_name'],
  ['workflow_run', 'display_title'],
  ['workflow_run', 'name'],
  ['workflow_job', 'name'],
  ['check_run', 'name'],
  ['check_suite', 'head_commit', 'message'],
  ['head_commit', 'message'],
  ['milestone', 'title'],
  ['security_advisory', 'summary'],
  ['repository_advisory', 'summary'],
  ['alert', 'security_advisory', 'summary'],
  ['alert', 'rule', 'description'],
  ['deployment', 'environment'],
  ['package', 'name'],
  ['label', 'name'],
  ['pages', '0', 'title'],
  ['context'],
  ['ref'],
];

/** A title longer than this is cut: a search finds it by its start, and the index stays small. */
const titleChars = 200;

export interface SearchFacts {
  sender?: string;
  title?: string;
}

export function searchFacts(payload: Json): SearchFacts {
  const sender = at(payload, ['sender', 'login']);
  for (const path of titlePaths) {
    // A commit message's first line is its subject.
    const title = at(payload, path)?.split('\n', 1)[0]!.trim().slice(0, titleChars);
    if (title) return { sender, title };
  }
  return { sender };
}

function at(value: unknown, path: readonly string[]): string | undefined {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[key];
  }
  return typeof node === 'string' && node !== '' ? node : undefined;
}
