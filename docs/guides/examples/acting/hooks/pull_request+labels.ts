// hooks/pull_request+labels.ts: labels a pull request by the files it touches.
import type { Handler } from 'genvoy';
import { labelsFor } from './_labels.js';

/** Only when its files may have changed: a new pull request, or new commits on one. */
export const when = "action == 'opened' || action == 'synchronize'";

export const handle: Handler<'pull_request'> = async (payload, event, { octokit, log }) => {
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const number = payload.pull_request.number;
  // A pull request lists its files 100 at a time at most: paginate asks for every page.
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 });
  const labels = labelsFor(files.map((file) => file.filename));
  if (labels.length > 0) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels });
    log.info({ labels }, `labelled #${number}`);
  }
  return { labels };
};
