import { branchPlace } from '../../pipeline/parse/branch-places.ts';

type Json = Record<string, unknown>;

export interface Address {
  /** `name` or `owner/name`. */
  repo?: string;
  branch?: string;
  action?: string;
}

/**
 * A payload moved to another repository, branch or action, so that routing picks other
 * hooks: the repository's name and full_name, and its URLs (a hook that clones it clones the
 * new one); the branch at its place for this event
 * (branchPlaces, where branchOf reads it), left alone for an event that has none.
 */
export function readdress(event: string, payload: Json, { repo, branch, action }: Address): Json {
  const moved = structuredClone(payload);
  if (repo !== undefined) {
    const repository = (moved.repository ?? {}) as Json;
    const [owner, name] = repo.includes('/') ? repo.split('/', 2) : [String(repository.full_name ?? '').split('/')[0] || 'octocat', repo];
    moved.repository = { ...moveUrls(repository, String(repository.full_name ?? ''), `${owner}/${name}`), name, full_name: `${owner}/${name}` };
  }
  if (branch !== undefined) branchPlace(event, moved)?.write(event, moved, branch);
  if (action !== undefined) moved.action = action;
  return moved;
}

/** The repository's string fields that name `from` (its URLs: clone_url, html_url, git_url…), naming `to` instead. */
function moveUrls(repository: Json, from: string, to: string): Json {
  if (!from.includes('/')) return repository;
  const moved: Json = {};
  for (const [key, value] of Object.entries(repository)) {
    moved[key] = typeof value === 'string' && key.endsWith('url') ? value.split(from).join(to) : value;
  }
  return moved;
}
