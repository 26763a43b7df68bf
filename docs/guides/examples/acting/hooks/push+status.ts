// hooks/push+status.ts: a commit status on the pushed commit: failure while a fixup! or squash! commit waits to be squashed.
import type { Handler } from 'genvoy';

export const handle: Handler<'push'> = async (payload, event, { octokit }) => {
  if (payload.commits.length === 0) return { state: null }; // a tag, or a branch made where another is
  const unsquashed = payload.commits.filter((commit) => /^(fixup|squash)! /.test(commit.message)).length;
  const state = unsquashed === 0 ? 'success' : 'failure';
  await octokit.rest.repos.createCommitStatus({
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    sha: payload.after,
    state,
    context: 'genvoy/squashed',
    description: unsquashed === 0 ? 'nothing left to squash' : `${unsquashed} commit(s) to squash before merging`,
  });
  return { state };
};
