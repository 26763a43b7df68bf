import { branchPlace } from '../parse/branch-places.ts';

type Json = Record<string, unknown>;

export interface Address {
  /** `name` or `owner/name`. */
  repo?: string;
  branch?: string;
  action?: string;
}

/**
 * A payload moved to another repository, branch or action, so that routing picks other
 * hooks: the repository's name and full_name; the branch at its place for this event
 * (branchPlaces, where branchOf reads it), left alone for an event that has none.
 */
export function readdress(event: string, payload: Json, { repo, branch, action }: Address): Json {
  const moved = structuredClone(payload);
  if (repo !== undefined) {
    const repository = (moved.repository ?? {}) as Json;
    const [owner, name] = repo.includes('/') ? repo.split('/', 2) : [String(repository.full_name ?? '').split('/')[0] || 'octocat', repo];
    moved.repository = { ...repository, name, full_name: `${owner}/${name}` };
  }
  if (branch !== undefined) branchPlace(event, moved)?.write(event, moved, branch);
  if (action !== undefined) moved.action = action;
  return moved;
}
