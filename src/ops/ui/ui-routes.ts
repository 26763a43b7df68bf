import Router from '@koa/router';
import type { GuessThrottle } from '../../base/guess-throttle.ts';
import type { LiveConfig } from '../../config/watch-config.ts';
import type { Journal } from '../../intake/journal/journal.ts';
import { requestClient } from '../../pipeline/guard/client-address.ts';
import { apiRoutes, type ApiDeps } from './api-routes.ts';
import { credentialsKey, uiEnabled } from './credentials.ts';
import { loginRoutes } from './login-routes.ts';
import { sessionId } from './session-cookie.ts';
import { Sessions } from './sessions.ts';
import { sendPageFile } from './static-files.ts';

export interface UiDeps extends Omit<ApiDeps, 'journal'> {
  config: LiveConfig;
  /** Wrong logins are counted here, with wrong bearer tokens: one guesser, one count. */
  throttle: GuessThrottle;
  /** The embedded journal: the page reads deliveries from it, so without one it is off. */
  journal: Journal | undefined;
}

/**
 * The web page of deliveries at /ui, behind a login. Off (404) while no token or password
 * is set: it shows payloads and runs hooks again. Changes (POST) need the page's own
 * header, which no other site can send without a CORS preflight that genvoy never grants.
 */
export function uiRoutes({ config, journal, log, throttle, ...deps }: UiDeps): Router {
  const router = new Router({ prefix: '/ui' });
  const sessions = new Sessions();
  const off = !journal
    ? 'the web page (/ui) needs the embedded journal: it is off with a Redis queue'
    : 'the web page (/ui) is off: set ui.token, or ui.password (or GENVOY_UI_TOKEN / GENVOY_UI_PASSWORD), to turn it on';
  if (journal && uiEnabled(config.current.ui)) log.info({ path: '/ui' }, 'web page on');
  else log.info(off);

  router.use(async (ctx, next) => {
    const { ui, trusted_proxies } = config.current;
    if (!journal || !uiEnabled(ui)) {
      ctx.status = 404;
      ctx.body = { error: off };
      return;
    }
    ctx.state.client = requestClient(ctx.req, trusted_proxies);
    ctx.state.loggedIn = sessions.valid(sessionId(ctx), credentialsKey(ui));
    ctx.set('cache-control', 'no-store');
    if (ctx.method === 'POST' && ctx.get('x-genvoy-ui') !== '1') {
      ctx.status = 403;
      ctx.body = { error: 'X-Genvoy-UI: 1 required (the page sends it)' };
      return;
    }
    await next();
  });
  router.use('/api', async (ctx, next) => {
    if (ctx.state.loggedIn) return next();
    ctx.status = 401;
    ctx.body = { error: 'log in first, at /ui/login' };
  });

  loginRoutes(router, sessions, config, throttle, log);
  router.get('/', async (ctx) => {
    if (ctx.state.loggedIn) await sendPageFile(ctx, 'index.html');
    else ctx.redirect('/ui/login');
  });
  router.get('/static/:file', (ctx) => sendPageFile(ctx, ctx.params.file!));
  if (journal) apiRoutes(router, { journal, log, ...deps });
  return router;
}
