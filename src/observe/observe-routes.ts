import type Router from '@koa/router';
import { carriesToken } from '../admin/bearer-token.ts';
import type { Metrics } from './metrics.ts';
import { readiness, type Check } from './readiness.ts';

/** Each readiness check's bound: under a probe's usual 1 s timeout would be too tight for Redis on a busy host. */
const checkTimeoutMs = 2000;

export interface ObserveRoutes {
  metrics: Metrics;
  /** The bearer token /metrics asks for; "" leaves it open. */
  token: () => string;
  checks: Record<string, Check>;
}

/**
 * GET /healthz: the process answers (liveness). GET /readyz: 200 when every check is ok, 503
 * when one is not, each with its detail (readiness). GET /metrics: Prometheus text.
 */
export function observeRoutes(router: Router, { metrics, token, checks }: ObserveRoutes): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const { ready, checks: results } = await readiness(checks, checkTimeoutMs);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not ready', checks: results };
  });
  router.get('/metrics', async (ctx) => {
    const expected = token();
    if (expected && !carriesToken(ctx, expected, 'metrics token')) return;
    ctx.set('content-type', metrics.contentType);
    ctx.body = await metrics.text();
  });
}
