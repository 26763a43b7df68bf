type Json = Record<string, unknown>;

export interface Address {
  /** `name` or `owner/name`. */
  repo?: string;
  branch?: string;
  action?: string;
}

/**
 * A payload moved to another repository, branch or action, so that routing picks other
 * hooks: the repository's name and full_name; the branch where branchOf() reads it for this
 * event (a push's ref, a created branch, a pull request's base, a check's head_branch).
 */
export function readdress(event: string, payload: Json, { repo, branch, action }: Address): Json {
  const moved = structuredClone(payload);
  if (repo !== undefined) {
    const repository = (moved.repository ?? {}) as Json;
    const [owner, name] = repo.includes('/') ? repo.split('/', 2) : [String(repository.full_name ?? '').split('/')[0] || 'octocat', repo];
    moved.repository = { ...repository, name, full_name: `${owner}/${name}` };
  }
  if (branch !== undefined) {
    const pullRequest = moved.pull_request as Json | undefined;
    if (event === 'push') moved.ref = `refs/heads/${branch}`;
    else if (event === 'create' || event === 'delete') Object.assign(moved, { ref: branch, ref_type: 'branch' });
    else if (pullRequest && typeof pullRequest === 'object') pullRequest.base = { ...(pullRequest.base as Json), ref: branch };
    else if (moved[event] && typeof moved[event] === 'object') (moved[event] as Json).head_branch = branch;
  }
  if (action !== undefined) moved.action = action;
  return moved;
}
