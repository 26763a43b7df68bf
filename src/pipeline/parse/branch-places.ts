type Json = Record<string, unknown>;

/**
 * Where one kind of delivery keeps the branch it concerns: routing reads it there (branchOf),
 * and `genvoy send --branch` writes it there, so that what is sent routes as asked.
 */
export interface BranchPlace {
  holds(event: string, payload: Json): boolean;
  read(event: string, payload: Json): string | undefined;
  /** Sets the branch in the payload itself (the caller's copy). */
  write(event: string, payload: Json, branch: string): void;
}

const headBranchEvents = new Set(['check_run', 'check_suite', 'workflow_run', 'workflow_job']);

/**
 * Every place a branch lives; the first that holds a delivery is its place. A delivery none
 * holds (issues, release, deployment, …) has no branch: branch-specific hooks are not considered.
 */
const branchPlaces: readonly BranchPlace[] = [
  {
    // A created or deleted branch is the ref itself; a tag is no branch.
    holds: (event) => event === 'create' || event === 'delete',
    read: (_, payload) => (payload.ref_type === 'branch' ? text(payload.ref) : undefined),
    write: (_, payload, branch) => void Object.assign(payload, { ref: branch, ref_type: 'branch' }),
  },
  {
    // Anything about a pull request: its base, the branch it merges into, as in the original.
    holds: (_, payload) => isObject(payload.pull_request),
    read: (_, payload) => text(objectAt(objectAt(payload, 'pull_request'), 'base').ref),
    write: (_, payload, branch) => {
      const pullRequest = objectAt(payload, 'pull_request');
      pullRequest.base = { ...objectAt(pullRequest, 'base'), ref: branch };
    },
  },
  {
    // A tag push has no branch; a branch keeps its slashes after refs/heads/.
    holds: (event) => event === 'push',
    read: (_, payload) => {
      const ref = text(payload.ref);
      return ref?.startsWith('refs/heads/') ? text(ref.slice('refs/heads/'.length)) : undefined;
    },
    write: (_, payload, branch) => void (payload.ref = `refs/heads/${branch}`),
  },
  {
    holds: (event) => headBranchEvents.has(event),
    read: (event, payload) => text(objectAt(payload, event).head_branch),
    write: (event, payload, branch) => void (payload[event] = { ...objectAt(payload, event), head_branch: branch }),
  },
];

/** The place of this delivery's branch, or undefined for an event that has none. */
export function branchPlace(event: string, payload: Json): BranchPlace | undefined {
  return branchPlaces.find((place) => place.holds(event, payload));
}

function objectAt(json: Json, key: string): Json {
  const value = json[key];
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
