/**
 * The hook API: what a hook module imports as `genvoy`. Types, and defineHook, which only
 * returns its argument: importing it loads nothing else. A typed push hook:
 *
 *   import type { Handler } from 'genvoy';
 *   export const handle: Handler<'push'> = (payload, event, context) => payload.commits.length;
 *
 * The shipped hooks' libraries are apart: `genvoy/notify` and `genvoy/push`.
 */
import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';
import type { Api } from '@octokit/plugin-rest-endpoint-methods';
import type { WebhookEvent, WebhookEventMap, WebhookEventName } from '@octokit/webhooks-types';
import type { Logger } from 'pino';

export type { Logger, WebhookEvent, WebhookEventMap, WebhookEventName };

/** The GitHub client a hook gets as `context.octokit`: REST methods (`rest.issues.createComment`), `request`, `paginate`. */
export type GitHubClient = Octokit & Api & { paginate: PaginateInterface };

/** An event name, or `all` for a hook that takes every event. */
export type HookEvent = WebhookEventName | 'all';

/** The payload a hook for event E receives: `PushEvent` for 'push', any event for 'all'. */
export type HookPayload<E extends HookEvent> = E extends WebhookEventName ? WebhookEventMap[E] : WebhookEvent;

export interface HookContext {
  /** X-GitHub-Delivery: the same again when GitHub redelivers. */
  delivery: string;
  event: string;
  action?: string;
  repository?: string;
  branch?: string;
  /** This hook's name (its file name without the extension). */
  hook: string;
  /** A logger whose lines carry the delivery id and the hook's name. */
  log: Logger;
  /** Aborted when the hook outlives `hook_timeout_s`: pass it to fetch() and friends. */
  signal: AbortSignal;
  /**
   * GitHub's API, authenticated for this delivery: as the GitHub App's installation that sent
   * it (`github_app`), or with `github_token`. Its calls end with `signal`; a rate limit's wait
   * stays within the hook's timeout. Made when first used. See docs/guides/hooks.md.
   */
  octokit: GitHubClient;
}

export type Handler<E extends HookEvent = 'all'> = (
  payload: HookPayload<E>,
  event: E extends WebhookEventName ? E : WebhookEventName,
  context: HookContext,
) => unknown;

/**
 * A condition on the delivery: an adaptive-expressions string over the payload
 * (`action == 'opened' && !pull_request.draft`) or a function. Where it is false
 * the hook is skipped.
 */
export type When<E extends HookEvent = 'all'> =
  | string
  | ((payload: HookPayload<E>, event: E extends WebhookEventName ? E : WebhookEventName, context: HookContext) => boolean | Promise<boolean>);

/** The exports genvoy reads from a hook module. */
export interface HookModule<E extends HookEvent = 'all'> {
  handle: Handler<E>;
  when?: When<E>;
  /**
   * The repository this hook is for, `name` or `owner/name` (any case): a delivery of another
   * is skipped. A dash makes a name read two ways (`push-website-main` is also the hook of a
   * repository named `website-main`, which anyone who can create one can push to): pin the
   * reading you mean, here and in `branch`.
   */
  repository?: string;
  /** The branch this hook is for (`feature/login`): a delivery of another, or of none, is skipped. */
  branch?: string;
  /**
   * `false`: this hook needs no order, and runs for a repository's next delivery while it still
   * runs for the one before (up to `parallel` hooks at once). By default (`true`) its run for a
   * delivery starts only after its run for the repository's delivery before it has finished
   * and been journaled. Either way a delivery's own hooks run one after another, in route order.
   */
  ordered?: boolean;
  /** Called once a new version of the module has loaded, or when it is removed: stop timers here. */
  dispose?: () => unknown;
}

/** Types a hook written as one object: `export default defineHook<'push'>({ handle(p) {…} })`. */
export function defineHook<E extends HookEvent = 'all'>(hook: HookModule<E>): HookModule<E> {
  return hook;
}
