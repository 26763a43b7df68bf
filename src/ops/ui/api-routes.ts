import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from '../../base/logger.ts';
import type { Intake } from '../../intake/intake.ts';
import type { DeliveryState } from '../../intake/journal/journal-types.ts';
import type { Journal } from '../../intake/journal/journal.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';
import type { HookFolder } from '../../runtime/hook-folder/hook-folder.ts';
import { cachedFor } from './cached.ts';
import { chartCounts } from './chart-counts.ts';

export interface ApiDeps {
  journal: Journal;
  intake: Intake;
  folder: () => HookFolder;
  route: (delivery: Delivery) => RouteStep[];
  log: Logger;
}

const states: readonly DeliveryState[] = ['pending', 'done', 'dead'];

/** How stale the filters' events and repositories may be (the page asks every 30 s). */
const seenMaxAgeMs = 30_000;

/** The page's JSON, under /ui/api (behind the session guard). */
export function apiRoutes(router: Router, { journal, intake, folder, route, log }: ApiDeps): void {
  const chart = chartCounts(journal);
  const seen = cachedFor(seenMaxAgeMs, (_key: void) => journal.seen());
  router.get('/api/deliveries', (ctx) => {
    const text = (key: string) => (typeof ctx.query[key] === 'string' && ctx.query[key] !== '' ? (ctx.query[key] as string) : undefined);
    const state = text('state');
    const limit = Number(text('limit') ?? 100);
    if (state !== undefined && !states.includes(state as DeliveryState)) {
      ctx.status = 400;
      ctx.body = { error: `state: expected one of ${states.join(', ')}` };
      return;
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      ctx.status = 400;
      ctx.body = { error: 'limit: expected a whole number from 1 to 500' };
      return;
    }
    const deliveries = journal.list({ state: state as DeliveryState | undefined, event: text('event'), repository: text('repository'), search: text('search'), limit });
    ctx.body = { deliveries: deliveries.map(({ headers: _headers, ...rest }) => rest) };
  });

  // The page polls a delivery's state and hooks; its payload (up to 25 MB) only once it is chosen.
  router.get('/api/deliveries/:id', (ctx) => {
    const id = ctx.params.id!;
    const stored = journal.get(id);
    if (!stored) return notFound(ctx, id);
    ctx.body = { delivery: stored, hooks: journal.hooks(id) };
  });

  router.get('/api/deliveries/:id/payload', (ctx) => {
    const id = ctx.params.id!;
    const payload = journal.payload(id);
    if (payload === undefined) return notFound(ctx, id);
    // As it was received: parsing it here and again in the browser would only cost time.
    ctx.type = 'application/json';
    ctx.body = payload;
  });

  router.post('/api/deliveries/:id/replay', async (ctx) => {
    const id = ctx.params.id!;
    const again = await intake.replay(id, route);
    if (again.kind === 'replayed') {
      log.info({ delivery: id, hooks: again.hooks, client: ctx.state.client }, 'replay from the web page');
      ctx.status = 202;
      ctx.body = { delivery: id, hooks: again.hooks };
    } else if (again.kind === 'running') {
      ctx.status = 409;
      ctx.body = { error: 'still running: run it again once its hooks have finished' };
    } else {
      notFound(ctx, id);
    }
  });

  router.get('/api/chart', (ctx) => {
    ctx.body = { series: chart() };
  });

  router.get('/api/seen', (ctx) => {
    ctx.body = seen();
  });

  router.get('/api/hooks', (ctx) => {
    ctx.body = { dir: folder().dir, hooks: folder().describe() };
  });
}

function notFound(ctx: Context, id: string): void {
  ctx.status = 404;
  ctx.body = { error: `no delivery ${id} in the journal` };
}
