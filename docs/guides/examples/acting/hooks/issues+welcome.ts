// hooks/issues+welcome.ts: thanks whoever opens an issue.
import type { Handler } from 'genvoy';

export const when = "action == 'opened'";

export const handle: Handler<'issues'> = async (payload, event, { octokit }) => {
  const { data } = await octokit.rest.issues.createComment({
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issue_number: payload.issue.number,
    body: `Thanks for opening this, @${payload.issue.user.login}: we read every issue within a week.`,
  });
  return { comment: data.id };
};
