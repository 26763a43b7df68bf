import type Router from '@koa/router';
import type { Context } from 'koa';
import { carriesToken, checkToken, sameSecret, type TokenGuard } from '../../base/bearer-token.ts';
import { shareRecent } from '../../base/share-recent.ts';
import type { Metrics } from './metrics.ts';
import { readiness, type Check, type CheckResult } from './readiness.ts';

/** Each readiness check's bound: under a probe's usual 1 s timeout would be too tight for Redis on a busy host. */
const checkTimeoutMs = 2000;

/**
 * How often /readyz runs its checks at most; requests meanwhile get the last answer. The
 * journal check writes to disk and may wait on a lock: however many requests come, that is
 * once a second.
 */
const checkEveryMs = 1000;

export interface ObserveRoutes {
  metrics: Metrics;
  /** The bearer token /metrics asks for; "" leaves it open. */
  token: () => string;
  checks: Record<string, Check>;
  /** Wrong tokens are throttled, as the web page's login. */
  guard: TokenGuard;
}

/**
 * GET /healthz: the process answers (liveness). GET /readyz: 200 when every check is ok, 503
 * when one is not (readiness), each with its detail for whoever may read /metrics.
 * GET /metrics: Prometheus text.
 */
export function observeRoutes(router: Router, { metrics, token, checks, guard }: ObserveRoutes): void {
  const checked = shareRecent(() => readiness(checks, checkTimeoutMs), checkEveryMs);
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const { ready, checks: results } = await checked();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not ready', checks: maySeeDetails(ctx, token(), guard) ? results : statesOf(results) };
  });
  router.get('/metrics', async (ctx) => {
    const expected = token();
    if (expected && !carriesToken(ctx, (given) => sameSecret(given, expected), 'metrics token', guard)) return;
    ctx.set('content-type', metrics.contentType);
    ctx.body = await metrics.text();
  });
}

/**
 * Details name paths, hook modules and config errors: with a metrics token set, only a request
 * carrying it sees them. Without one, /metrics is open too, and so are they. A probe without
 * the token is not refused: it needs the status only. A wrong token counts as a guess, as on
 * /metrics: the details would otherwise tell a right guess.
 */
function maySeeDetails(ctx: Context, token: string, guard: TokenGuard): boolean {
  return !token || checkToken(ctx, (given) => sameSecret(given, token), guard).verdict === 'right';
}

/** Each check's name and whether it is ok, nothing more. */
function statesOf(results: Record<string, CheckResult>): Record<string, { ok: boolean }> {
  return Object.fromEntries(Object.entries(results).map(([name, { ok }]) => [name, { ok }]));
}
