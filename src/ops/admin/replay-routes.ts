import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from '../../base/logger.ts';
import type { Intake } from '../../intake/intake.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';

/**
 * GET /deliveries/dead?since=… lists the deliveries since then whose hooks ran out of attempts.
 * POST /deliveries/:id/replay runs one recorded delivery again; POST /deliveries/replay?since=…
 * runs again every delivery since then whose hooks ran out of attempts. Both answer 202 at
 * once: the hooks run from the journal, in each repository's order. A delivery queued or
 * running right now is not replayed (409): its run would write over the replay's.
 */
export function replayRoutes(router: Router, intake: Intake, route: (delivery: Delivery) => RouteStep[], log: Logger): void {
  // The ids `genvoy replay --failed` then replays one by one, to show its progress.
  router.get('/deliveries/dead', async (ctx) => {
    const since = sinceOf(ctx);
    if (since === undefined) return;
    ctx.body = { deliveries: await intake.dead(since) };
  });
  router.post('/deliveries/replay', async (ctx) => {
    const since = sinceOf(ctx);
    if (since === undefined) return;
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

/** `?since=` in ms since 1970 (default 0); undefined, with a 400 answered, when it is not one. */
function sinceOf(ctx: Context): number | undefined {
  const since = Number(ctx.query.since ?? 0);
  if (Number.isFinite(since) && since >= 0) return since;
  ctx.status = 400;
  ctx.body = { error: 'since: expected milliseconds since 1970' };
  return undefined;
}
