import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../base/logger.ts';
import { version } from '../base/version.ts';
import type { GitHubConnection } from '../config/schema.ts';
import { tokenCache } from './token-cache.ts';

export type { GitHubConnection };

/**
 * GitHub asks to wait with Retry-After on a 403 or 429; the throttling plugin knows a
 * secondary limit only by its message. Between the retry and throttling plugins (so that
 * throttling reads the message), any such answer is named a secondary limit.
 */
function retryAfterIsALimit(octokit: Octokit) {
  octokit.hook.error('request', (error) => {
    const { status, response } = error as { status?: number; response?: { headers: Record<string, unknown> } };
    const limited = (status === 403 || status === 429) && response?.headers['retry-after'] !== undefined;
    if (limited && !/\bsecondary rate\b/i.test(error.message)) error.message = `secondary rate limit: ${error.message}`;
    throw error;
  });
  return {};
}

const Client = Octokit.plugin(restEndpointMethods, paginateRest, retry, retryAfterIsALimit, throttling);

/** The client createOctokit makes: the hook API's GitHubClient, and more (`retry`). */
export type GitHubClient = InstanceType<typeof Client>;

export interface OctokitOptions {
  /** The App's installation to act as (a delivery's `installation.id`); without it, an App's client signs in as the App (its JWT). */
  installationId?: number;
  /** Ends every call, a rate limit's wait included: the hook's `context.signal`. */
  signal?: AbortSignal;
  /** Where the client's warnings go (a rate limit's wait); never a token. */
  log?: Logger;
}

/** A rate limit is waited out this often per call; after that its error is the hook's. */
const limitRetries = 2;

/**
 * An Octokit for `connection`: @octokit/core with the REST methods, paginate, and the retry and
 * throttling plugins. As an App, installation tokens come from @octokit/auth-app, kept in this
 * thread's token cache (token-cache.ts) so that the hooks of a thread share them. A rate limit
 * (GitHub's secondary limit, a 403 or 429 with Retry-After) is waited out and the call made
 * again; `signal` ends the call at once, waiting or not.
 */
export function createOctokit(connection: GitHubConnection, { installationId, signal, log }: OctokitOptions = {}): GitHubClient {
  const { auth } = connection;
  const wait = (what: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (signal?.aborted || retryCount >= limitRetries) return false;
    log?.warn({ method: request.method, url: request.url, retry_after_s: retryAfter }, `GitHub's ${what}: waiting ${retryAfter} s, then trying again`);
    return true;
  };
  const octokit = new Client({
    baseUrl: connection.apiUrl,
    userAgent: `genvoy/${version}`,
    ...(signal && { request: { signal } }),
    log: clientLog(log),
    ...(auth.kind === 'app' && {
      authStrategy: createAppAuth,
      auth: { appId: auth.appId, privateKey: auth.privateKey, installationId, cache: tokenCache(connection.apiUrl, auth.appId) },
    }),
    ...(auth.kind === 'token' && { auth: auth.token }),
    throttle: { onRateLimit: wait('rate limit'), onSecondaryRateLimit: wait('secondary rate limit') },
    // A 429 is throttling's to wait out (as GitHub asks), not retry's (its own backoff).
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
  if (signal) octokit.hook.wrap('request', (request, options) => untilAborted(Promise.resolve(request(options)), signal));
  return octokit;
}

/** Octokit's own messages, as text only: an object it logs may hold a request's headers. */
function clientLog(log: Logger | undefined) {
  const quiet = () => {};
  return {
    debug: quiet,
    info: quiet,
    warn: (message: string) => log?.warn(String(message)),
    error: (message: string) => log?.error(String(message)),
  };
}

/** `pending`, or the abort's reason as soon as `signal` aborts (a retry's wait is not told, so the call is left behind). */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
