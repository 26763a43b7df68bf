import type { GitHubClient } from '../api/index.ts';
import type { Logger } from '../base/logger.ts';
import { createOctokit } from '../github/create-octokit.ts';

export interface OctokitOptions {
  /** A client of your own: the hook gets it as it is. */
  octokit?: GitHubClient;
  /** Where the hook's calls go: a local stand-in of GitHub's API (`http://127.0.0.1:PORT`). */
  githubApiUrl?: string;
  /** The token sent with each call to `githubApiUrl`; `test-token` by default. */
  githubToken?: string;
}

const nowhere =
  'context.octokit has no GitHub API to call in runHook: pass its `githubApiUrl` option (a local stand-in of the API) or `octokit` (a client of your own)';

/**
 * The `context.octokit` of a hook run in a test: the client given, or one for the API at
 * `githubApiUrl`; without either, one whose every call fails saying so, rather than reach
 * GitHub from a test.
 */
export function hookOctokit(options: OctokitOptions, signal: AbortSignal, log: Logger): GitHubClient {
  if (options.octokit) return options.octokit;
  // A token even for a stand-in: genvoy's own client without one refuses every call, saying what to configure.
  const auth = { kind: 'token' as const, token: options.githubToken ?? 'test-token' };
  const octokit = createOctokit({ apiUrl: (options.githubApiUrl ?? 'https://api.github.com').replace(/\/+$/, ''), auth }, { signal, log });
  if (options.githubApiUrl === undefined) {
    octokit.hook.wrap('request', () => {
      throw new Error(nowhere);
    });
  }
  return octokit;
}
