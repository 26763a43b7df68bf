import type { Handler } from 'genvoy';

/**
 * Runs on every push: the file name says which deliveries a hook gets (`push-website.ts`
 * would get only the pushes to the repository `website`). What it returns is its answer,
 * shown as this hook's "stdout"; `log` writes to genvoy's log, with the delivery's id.
 */
export const handle: Handler<'push'> = (payload, event, { log }) => {
  // refs/heads/main is the branch main; a tag push (refs/tags/v1.0) has no branch.
  const branch = payload.ref.startsWith('refs/heads/') ? payload.ref.slice('refs/heads/'.length) : null;
  const commits = payload.commits.length;
  log.info({ branch, commits }, `${payload.pusher.name} pushed to ${payload.repository.full_name}`);
  return { repository: payload.repository.full_name, branch, commits };
};
