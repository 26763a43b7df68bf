import type Router from '@koa/router';
import type { Intake } from '../dispatch/intake.ts';
import type { Logger } from '../log/logger.ts';
import type { Delivery } from '../parse/delivery.ts';
import type { RouteStep } from '../route/route.ts';

/**
 * POST /deliveries/:id/replay runs one recorded delivery again; POST /deliveries/replay?since=…
 * runs again every delivery since then whose hooks ran out of attempts. Both answer 202 at
 * once: the hooks run from the journal, in each repository's order.
 */
export function replayRoutes(router: Router, intake: Intake, route: (delivery: Delivery) => RouteStep[], log: Logger): void {
  router.post('/deliveries/replay', async (ctx) => {
    const since = Number(ctx.query.since ?? 0);
    if (!Number.isFinite(since) || since < 0) {
      ctx.status = 400;
      ctx.body = { error: 'since: expected milliseconds since 1970' };
      return;
    }
    const replayed: Array<{ delivery: string; hooks: string[] }> = [];
    for (const id of await intake.dead(since)) {
      const again = await intake.replay(id, route);
      if (again) replayed.push({ delivery: id, ...again });
    }
    log.info({ since: new Date(since).toISOString(), deliveries: replayed.length }, 'replay of failed deliveries');
    ctx.status = 202;
    ctx.body = { replayed };
  });
  router.post('/deliveries/:id/replay', async (ctx) => {
    const again = await intake.replay(ctx.params.id!, route);
    if (!again) {
      ctx.status = 404;
      ctx.body = { error: `no delivery ${ctx.params.id} in the journal` };
      return;
    }
    ctx.status = 202;
    ctx.body = { delivery: ctx.params.id, ...again };
  });
}
