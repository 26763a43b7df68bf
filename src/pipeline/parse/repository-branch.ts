import { branchPlace } from './branch-places.ts';

/** What routing needs from a payload: the repository's name and, where the event has one, a branch. */
export interface Place {
  repository?: string;
  branch?: string;
}

type Json = Record<string, unknown>;

export function repositoryOf(payload: Json): string | undefined {
  const name = (payload.repository as Json | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * The branch a delivery concerns, or undefined: then branch-specific hooks are not considered.
 * Where each event keeps it is branchPlaces' table (a pull request's branch is its base).
 */
export function branchOf(event: string, payload: Json): string | undefined {
  return branchPlace(event, payload)?.read(event, payload);
}

export function placeOf(event: string, payload: Json): Place {
  return { repository: repositoryOf(payload), branch: branchOf(event, payload) };
}
