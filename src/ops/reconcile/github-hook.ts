import { setTimeout as sleep } from 'node:timers/promises';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { z } from 'zod';
import { deliveriesRoute, type HookTarget } from '../../config/hook-target.ts';
import type { GitHubConnection } from '../../config/schema.ts';
import type { Attempt } from './decide.ts';
import { RateLimitError, rateLimitWait } from './rate-limit.ts';

export interface GitHubHookOptions {
  target: HookTarget;
  /** The API (https://api.github.com, or a GitHub Enterprise Server's https://HOST/api/v3), and as whom: the App, or a token with webhooks read and write. */
  connection: GitHubConnection;
  /** The most reconcile waits, in all, for GitHub's rate limits before it stops. */
  maxWaitS: number;
  /** Tests replace the clock. */
  clock?: { now(): number; sleep(ms: number): Promise<unknown> };
}

/** A hook's deliveries on GitHub: list them, redeliver one. */
export interface GitHubHook {
  list(since: Date): Promise<{ attempts: Attempt[]; pages: number }>;
  redeliver(attemptId: number): Promise<void>;
}

const attemptSchema = z.object({
  id: z.number().int(),
  guid: z.string().min(1),
  delivered_at: z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected a date' }),
  redelivery: z.boolean(),
  status: z.string(),
  status_code: z.number(),
  event: z.string(),
  action: z.string().nullable(),
});

/** Per request, after which a limit GitHub keeps answering is given up on. */
const retriesPerRequest = 3;

const RestClient = Octokit.plugin(paginateRest);

export function gitHubHook({ target, connection: { apiUrl, auth }, maxWaitS, clock = { now: Date.now, sleep } }: GitHubHookOptions): GitHubHook {
  const baseUrl = apiUrl.replace(/\/+$/, '');
  const userAgent = 'genvoy-reconcile';
  // As the App, auth-app signs the App's hook requests with a JWT of its own, made anew before it expires.
  // A token: @octokit/core sends a JWT (the old way to the App's hook) as "bearer", any other as "token".
  const octokit =
    auth.kind === 'app'
      ? new RestClient({ authStrategy: createAppAuth, auth: { appId: auth.appId, privateKey: auth.privateKey }, baseUrl, userAgent })
      : new RestClient({ ...(auth.kind === 'token' && { auth: auth.token }), baseUrl, userAgent });
  let waitLeft = maxWaitS * 1000;
  octokit.hook.wrap('request', async (request, options) => {
    for (let retry = 0; ; retry++) {
      try {
        return await request(options);
      } catch (err) {
        const { status, response } = err as Failure;
        const wait = response === undefined || status === undefined ? undefined : rateLimitWait(status, response.headers, clock.now());
        if (wait === undefined) throw new Error(explain(err as Failure), { cause: err });
        const seconds = Math.ceil(wait / 1000);
        if (retry === retriesPerRequest) throw new RateLimitError(`GitHub's rate limit: still refused (${status}) after ${retry} waits; try again later`);
        if (wait > waitLeft) {
          throw new RateLimitError(`GitHub's rate limit: it asks to wait ${seconds} s (until ${new Date(clock.now() + wait).toISOString()}), more than the ${Math.floor(waitLeft / 1000)} s left of reconcile.max_wait_s; try again later`);
        }
        waitLeft -= wait;
        await clock.sleep(wait);
      }
    }
  });
  const route = deliveriesRoute(target);
  return {
    async list(since) {
      const attempts: Attempt[] = [];
      let pages = 0;
      // GitHub lists newest first, a page at a time through the Link header's cursor.
      pages: for await (const page of octokit.paginate.iterator(`GET ${route.path}`, { ...route.params, per_page: 100 })) {
        pages++;
        for (const item of page.data as unknown[]) {
          const parsed = attemptSchema.safeParse(item);
          if (!parsed.success) throw new Error(`GitHub's list of deliveries has an entry reconcile cannot read (page ${pages}): ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          if (Date.parse(parsed.data.delivered_at) < since.getTime()) break pages;
          attempts.push(parsed.data);
        }
      }
      return { attempts, pages };
    },
    async redeliver(attemptId) {
      await octokit.request(`POST ${route.path}/{delivery_id}/attempts`, { ...route.params, delivery_id: attemptId });
    },
  };
}

/** How @octokit/request fails: with GitHub's answer, or without one when GitHub was not reached. */
interface Failure {
  message: string;
  status?: number;
  request?: { method: string; url: string };
  response?: { headers: Record<string, string | number | undefined> };
}

/** The error said plainly: what was asked, and GitHub's answer or why there was none. */
function explain({ message, status, request, response }: Failure): string {
  const what = request ? ` (${request.method} ${request.url})` : '';
  return response ? `GitHub answered ${status}${what}: ${message}` : `cannot reach GitHub${what}: ${message}`;
}
