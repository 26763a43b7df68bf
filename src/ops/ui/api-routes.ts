import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from '../../base/logger.ts';
import type { Intake } from '../../intake/intake.ts';
import { minWordChars, searchWords } from '../../intake/journal/journal-search.ts';
import type { DeliveryState, ReplayScope } from '../../intake/journal/journal-types.ts';
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

/** The furthest time zones from UTC are 14 hours away. */
const maxOffsetMin = 14 * 60;

/** The page's JSON, under /ui/api (behind the session guard). */
export function apiRoutes(router: Router, { journal, intake, folder, route, log }: ApiDeps): void {
  const chart = chartCounts(journal);
  const seen = cachedFor(seenMaxAgeMs, (_key: void) => journal.seen());
  // A page of deliveries, newest first, and how many match: `before` (the last page's `next`) asks for the page after.
  router.get('/api/deliveries', (ctx) => {
    const text = (key: string) => (typeof ctx.query[key] === 'string' && ctx.query[key] !== '' ? (ctx.query[key] as string) : undefined);
    const whole = (key: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
      const value = text(key);
      if (value === undefined) return undefined;
      const n = Number(value);
      if (Number.isInteger(n) && n >= min && n <= max) return n;
      throw new BadQuery(`${key}: expected ${what}`);
    };
    try {
      const state = text('state');
      if (state !== undefined && !states.includes(state as DeliveryState)) throw new BadQuery(`state: expected one of ${states.join(', ')}`);
      const search = text('search');
      const short = searchWords(search ?? '').find((word) => [...word].length < minWordChars);
      if (short !== undefined) throw new BadQuery(`search: "${short}" is too short: each word needs ${minWordChars} characters or more`);
      ctx.body = journal.find({
        state: state as DeliveryState | undefined,
        event: text('event'),
        repository: text('repository'),
        search,
        from: whole('from', 'milliseconds since 1970', 0),
        until: whole('until', 'milliseconds since 1970', 0),
        before: whole('before', "a page's next", 1),
        limit: whole('limit', 'a whole number from 1 to 500', 1, 500) ?? 100,
      });
    } catch (err) {
      if (!(err instanceof BadQuery)) throw err;
      ctx.status = 400;
      ctx.body = { error: err.message };
    }
  });

  // The page polls a delivery's state and hooks; its payload (up to 25 MB) only once it is chosen.
  router.get('/api/deliveries/:id', (ctx) => {
    const id = ctx.params.id!;
    const stored = journal.get(id);
    if (!stored) return notFound(ctx, id);
    ctx.body = { delivery: stored, hooks: journal.hooks(id), history: journal.history(id) };
  });

  router.get('/api/deliveries/:id/payload', (ctx) => {
    const id = ctx.params.id!;
    const payload = journal.payload(id);
    if (payload === undefined) return notFound(ctx, id);
    // As it was received: parsing it here and again in the browser would only cost time.
    ctx.type = 'application/json';
    ctx.body = payload;
  });

  // ?hooks=failed runs again only the hooks that did not succeed.
  router.post('/api/deliveries/:id/replay', async (ctx) => {
    const id = ctx.params.id!;
    const scope = ctx.query.hooks ?? 'all';
    if (scope !== 'all' && scope !== 'failed') {
      ctx.status = 400;
      ctx.body = { error: 'hooks: expected all or failed' };
      return;
    }
    const again = await intake.replay(id, route, scope as ReplayScope);
    if (again.kind === 'replayed') {
      log.info({ delivery: id, hooks: again.hooks, scope, client: ctx.state.client }, 'replay from the web page');
      ctx.status = 202;
      ctx.body = { delivery: id, hooks: again.hooks };
    } else if (again.kind === 'running') {
      ctx.status = 409;
      ctx.body = { error: 'still running: run it again once its hooks have finished' };
    } else {
      notFound(ctx, id);
    }
  });

  // ?offset= minutes east of UTC: the charts' hours and days begin at the page's midnight, not UTC's.
  router.get('/api/chart', (ctx) => {
    const offset = Number(ctx.query.offset ?? 0);
    if (!Number.isInteger(offset) || Math.abs(offset) > maxOffsetMin) {
      ctx.status = 400;
      ctx.body = { error: `offset: expected whole minutes east of UTC, from -${maxOffsetMin} to ${maxOffsetMin}` };
      return;
    }
    ctx.body = { series: chart(offset * 60_000) };
  });

  router.get('/api/seen', (ctx) => {
    ctx.body = seen();
  });

  router.get('/api/hooks', (ctx) => {
    ctx.body = { dir: folder().dir, hooks: folder().describe() };
  });
}

/** A query parameter the page's list cannot take: answered 400 with its message. */
class BadQuery extends Error {}

function notFound(ctx: Context, id: string): void {
  ctx.status = 404;
  ctx.body = { error: `no delivery ${id} in the journal` };
}
