/** What routing needs from a payload: the repository's name and, where the event has one, a branch. */
export interface Place {
  repository?: string;
  branch?: string;
}

type Json = Record<string, unknown>;

const headBranchEvents = new Set(['check_run', 'check_suite', 'workflow_run', 'workflow_job']);

export function repositoryOf(payload: Json): string | undefined {
  const name = (payload.repository as Json | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * The branch a delivery concerns, or undefined: then branch-specific hooks are not considered.
 * A pull request's branch is its base (the target), as in the original.
 */
export function branchOf(event: string, payload: Json): string | undefined {
  if (event === 'create' || event === 'delete') {
    return payload.ref_type === 'branch' ? text(payload.ref) : undefined;
  }
  const pullRequest = payload.pull_request as Json | undefined;
  if (pullRequest && typeof pullRequest === 'object') {
    return text((pullRequest.base as Json | undefined)?.ref);
  }
  if (event === 'push') {
    const ref = text(payload.ref);
    return ref?.startsWith('refs/heads/') ? text(ref.slice('refs/heads/'.length)) : undefined;
  }
  if (headBranchEvents.has(event)) {
    const subject = payload[event] as Json | undefined;
    return text(subject?.head_branch);
  }
  return undefined;
}

export function placeOf(event: string, payload: Json): Place {
  return { repository: repositoryOf(payload), branch: branchOf(event, payload) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
