import { isObjectId } from './object-id.ts';
import { runGit, type GitProtocol } from './run-git.ts';

/**
 * Clones `url` (checked with checkCloneUrl first) into the empty folder `dir`, every branch
 * and tag, without checking anything out yet, over `protocols` only. No submodules are
 * fetched, and a clone runs none of the repository's own hooks.
 */
export async function cloneRepository(url: string, dir: string, options: { protocols?: readonly GitProtocol[]; signal?: AbortSignal } = {}): Promise<void> {
  await runGit(['clone', '--quiet', '--no-checkout', '--', url, dir], options);
}

/** Checks out `commit` (a full hex id, nothing git could read as an option) detached. */
export async function checkoutCommit(dir: string, commit: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  if (!isObjectId(commit)) throw new Error(`not a commit id: ${JSON.stringify(commit)}`);
  await runGit(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commit, '--'], { cwd: dir, signal: options.signal });
}
