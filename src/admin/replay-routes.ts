import type Router from '@koa/router';
import type { Intake } from '../dispatch/intake.ts';
import type { Logger } from '../log/logger.ts';
import type { Delivery } from '../parse/delivery.ts';
import type { RouteStep } from '../route/route.ts';

/**
 * POST /deliveries/:id/replay runs one recorded delivery again; POST /deliveries/replay?since=…
 * runs again every delivery since then whose hooks ran out of attempts. Both answer 202 at
 * once: the hooks run from the journal, in each repository's order. A delivery queued or
 * running right now is not replayed (409): its run would write over the replay's.
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
      if (again.kind === 'replayed') replayed.push({ delivery: id, hooks: again.hooks });
    }
    log.info({ since: new Date(since).toISOString(), deliveries: replayed.length }, 'replay of failed deliveries');
    ctx.status = 202;
    ctx.body = { replayed };
  });
  router.post('/deliveries/:id/replay', async (ctx) => {
    const id = ctx.params.id!;
    const again = await intake.replay(id, route);
    if (again.kind === 'replayed') {
      ctx.status = 202;
      ctx.body = { delivery: id, hooks: again.hooks };
    } else if (again.kind === 'running') {
      ctx.status = 409;
      ctx.body = { error: `delivery ${id} is queued or running right now: replay it once it has finished` };
    } else {
      ctx.status = 404;
      ctx.body = { error: `no delivery ${id} in the journal` };
    }
  });
}
