import { runGit } from './run-git.ts';

/**
 * What each commit changed, as one text: a `commit <id>` line, then its patch with no context
 * lines (`-U0`). Fixed prefixes, no colours, no external diff or textconv drivers and no
 * renames, whatever the user's git config says. Merges show no patch of their own.
 */
export function commitDiff(repo: string, commits: string[], options: { maxBytes: number; signal?: AbortSignal }): Promise<string> {
  if (commits.length === 0) return Promise.resolve('');
  return runGit(
    [
      '-c', 'core.quotePath=false',
      '-c', 'log.showSignature=false',
      'log', '--stdin', '--no-walk=unsorted', '--patch', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames',
      '--src-prefix=a/', '--dst-prefix=b/', '--format=commit %H',
    ],
    { cwd: repo, input: commits.join('\n') + '\n', maxBytes: options.maxBytes, signal: options.signal },
  );
}
