import type { GitHubClient, HookContext } from '../../api/index.ts';
import type { Logger } from '../../base/logger.ts';
import type { RunRequest } from './thread-protocol.ts';

/**
 * The `context` a module hook gets. Its logger, abort signal and GitHub client are made when
 * the hook first asks for them (or, for the signal, at the timeout): most hooks never do, and
 * each costs more than running a small hook. They are own properties, so a hook may copy the
 * context with `{ ...context }`.
 */
export interface RunContext extends HookContext {
  /** Aborts the signal (at the timeout). */
  abort(reason: Error): void;
}

export type HookPlace = Pick<RunRequest, 'delivery' | 'event' | 'action' | 'repository' | 'branch' | 'hook'>;

/**
 * `parentLog` makes the logger of the delivery (it binds the delivery id and event);
 * `octokit` the GitHub client, given the context (for its signal and log).
 */
export function runContext(from: HookPlace, parentLog: () => Logger, octokit: (context: HookContext) => GitHubClient): RunContext {
  let log: Logger | undefined;
  let controller: AbortController | undefined;
  let client: GitHubClient | undefined;
  const { hook } = from;
  const context = {
    delivery: from.delivery,
    event: from.event,
    action: from.action,
    repository: from.repository,
    branch: from.branch,
    hook,
    get log(): Logger {
      return (log ??= parentLog().child({ hook }));
    },
    get signal(): AbortSignal {
      return (controller ??= new AbortController()).signal;
    },
    get octokit(): GitHubClient {
      return (client ??= octokit(context));
    },
  };
  return Object.defineProperty(context, 'abort', {
    value: (reason: Error) => (controller ??= new AbortController()).abort(reason),
  }) as RunContext;
}
