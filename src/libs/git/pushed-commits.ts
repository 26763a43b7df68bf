import { isObjectId, isZeroId } from './object-id.ts';
import { GitError, runGit } from './run-git.ts';

export interface PushRange {
  /** The pushed ref as GitHub names it: `refs/heads/main`, `refs/tags/v1`. */
  ref: string;
  before: string;
  after: string;
  /** The commits GitHub listed in the payload (`commits[].id`), oldest first: for a forced push whose `before` is gone. */
  listed?: readonly string[];
}

/**
 * The commits a push added, newest first, read from a fresh clone of the repository.
 * A push onto an existing branch added `before..after`. A new branch (`before` all zeros)
 * added what `after` reaches and no other branch or tag does: the pushed commits, not the
 * whole history. A forced push whose `before` is gone from the repository added the commits
 * GitHub listed (those still there), else it counts as a new branch. The ref name is only
 * compared with git's output, never handed to git. Returns at most `limit` ids.
 */
export async function pushedCommits(repo: string, range: PushRange, options: { limit: number; signal?: AbortSignal }): Promise<string[]> {
  const { before, after } = range;
  const { signal } = options;
  if (!isObjectId(after) || isZeroId(after)) throw new Error(`"after" is not a commit id: ${JSON.stringify(after)}`);
  if (!isObjectId(before)) throw new Error(`"before" is not a commit id: ${JSON.stringify(before)}`);
  if (!(await hasCommit(repo, after, signal))) throw new Error(`the pushed commit ${after} is not in the clone (was the branch pushed over since?)`);
  const beforeKnown = !isZeroId(before) && (await hasCommit(repo, before, signal));
  if (!beforeKnown && !isZeroId(before) && range.listed?.length) {
    const listed: string[] = [];
    for (const id of [...range.listed].reverse()) if (isObjectId(id) && listed.length < options.limit && (await hasCommit(repo, id, signal))) listed.push(id);
    return listed;
  }
  const exclude = beforeKnown ? [before] : await otherTips(repo, range.ref, signal);
  const input = [after, ...exclude.map((id) => `^${id}`)].join('\n') + '\n';
  const out = await runGit(['rev-list', `--max-count=${options.limit}`, '--stdin'], { cwd: repo, input, signal });
  return out.split('\n').filter(isObjectId);
}

/** Whether the clone has commit `id` (a hex id). */
export async function hasCommit(repo: string, id: string, signal?: AbortSignal): Promise<boolean> {
  if (!isObjectId(id)) throw new Error(`not a commit id: ${JSON.stringify(id)}`);
  try {
    await runGit(['cat-file', '-e', `${id}^{commit}`], { cwd: repo, signal });
    return true;
  } catch (err) {
    if (err instanceof GitError && err.code !== null) return false;
    throw err;
  }
}

/** The commits every branch and tag of the remote points at, except the pushed ref. */
async function otherTips(repo: string, ref: string, signal?: AbortSignal): Promise<string[]> {
  const out = await runGit(['for-each-ref', '--format=%(objectname) %(*objectname) %(refname)', '--', 'refs/remotes/origin/', 'refs/tags/'], { cwd: repo, signal });
  const tips = new Set<string>();
  for (const line of out.split('\n')) {
    const [object = '', peeled = '', name = ''] = line.split(' ');
    if (name === 'refs/remotes/origin/HEAD') continue; // names the default branch again
    const remoteName = name.startsWith('refs/remotes/origin/') ? `refs/heads/${name.slice('refs/remotes/origin/'.length)}` : name;
    if (remoteName === ref) continue;
    const id = peeled || object;
    if (isObjectId(id)) tips.add(id);
  }
  return [...tips];
}
