import { runGit } from './run-git.ts';
import { isObjectId } from './object-id.ts';

/**
 * Clones `url` (already checked with checkCloneUrl) into the empty folder `dir`, with every
 * branch and tag, and checks out `commit` detached: the folder shows what was pushed.
 * No submodules are fetched; the repository's own hooks never run on a clone.
 */
export async function cloneRepository(url: string, dir: string, options: { commit?: string; signal?: AbortSignal } = {}): Promise<void> {
  await runGit(['clone', '--quiet', '--no-checkout', '--', url, dir], { signal: options.signal });
  if (options.commit === undefined) return;
  if (!isObjectId(options.commit)) throw new Error(`not a commit id: ${JSON.stringify(options.commit)}`);
  await runGit(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', options.commit, '--'], { cwd: dir, signal: options.signal });
}
