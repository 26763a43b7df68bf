import type { IncomingMessage } from 'node:http';
import type { Attempt } from '../../src/ops/reconcile/decide.ts';
import { standIn, type StandIn } from './stand-in.ts';

type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };

export interface GitHubDeliveries extends StandIn {
  /** The attempt ids GitHub was asked to redeliver, in order. */
  redelivered(): number[];
  /** The list requests (GET …/deliveries), in order. */
  listed(): StandIn['requests'];
}

export interface GitHubDeliveriesOptions {
  /** A hook's attempts, newest first, as GitHub lists them. */
  attempts: Attempt[];
  /** Attempts per page: smaller than GitHub's 100, so that a few make several pages. */
  pageSize?: number;
  /** Answers a request before the stand-in does (a rate limit, a refusal); undefined lets it through. */
  intercept?: (req: IncomingMessage) => Answer | undefined;
}

/**
 * A stand-in for GitHub's webhook-deliveries API, at any hook's path and under any prefix
 * (GitHub Enterprise Server's /api/v3): lists `attempts` a page at a time with a cursor in the
 * Link header, as GitHub does, and answers 202 to a redelivery of a listed attempt.
 */
export async function gitHubDeliveries({ attempts, pageSize = 3, intercept }: GitHubDeliveriesOptions): Promise<GitHubDeliveries> {
  let base = '';
  const server = await standIn((req) => {
    const intercepted = intercept?.(req);
    if (intercepted) return intercepted;
    const url = new URL(req.url ?? '/', base);
    const redeliver = /\/deliveries\/(\d+)\/attempts$/.exec(url.pathname);
    if (req.method === 'POST' && redeliver) {
      return attempts.some((a) => a.id === Number(redeliver[1])) ? { status: 202, body: {} } : { status: 404, body: { message: 'Not Found' } };
    }
    if (req.method === 'GET' && url.pathname.endsWith('/deliveries')) {
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const page = attempts.slice(from, from + pageSize);
      const headers: Record<string, string> = {};
      if (from + pageSize < attempts.length) {
        const next = new URL(url);
        next.searchParams.set('cursor', String(from + pageSize));
        headers.link = `<${next}>; rel="next"`;
      }
      return { body: page, headers };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  base = server.url;
  return {
    ...server,
    redelivered: () => server.requests.filter((r) => r.method === 'POST').map((r) => Number(/\/deliveries\/(\d+)\/attempts$/.exec(r.url)?.[1])),
    listed: () => server.requests.filter((r) => r.method === 'GET'),
  };
}

/** One attempt as GitHub lists it, delivered `minutesAgo` before now. */
export function attempt(id: number, guid: string, minutesAgo: number, statusCode: number, more: Partial<Attempt> = {}): Attempt {
  return {
    id,
    guid,
    delivered_at: new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    redelivery: false,
    status: statusCode === 0 ? 'failed to connect' : statusCode < 300 ? 'OK' : `Invalid HTTP Response: ${statusCode}`,
    status_code: statusCode,
    event: 'push',
    action: null,
    ...more,
  };
}
