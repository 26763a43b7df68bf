import type Router from '@koa/router';
import type { Context } from 'koa';
import { sameSecret } from '../../base/bearer-token.ts';
import type { GuessThrottle } from '../../base/guess-throttle.ts';
import type { Logger } from '../../base/logger.ts';
import type { LiveConfig } from '../../config/watch-config.ts';
import { readBody } from '../../pipeline/receive/read-body.ts';
import { credentialsKey, loginMatches } from './credentials.ts';
import { sessionId, setSessionCookie } from './session-cookie.ts';
import type { Sessions } from './sessions.ts';
import { sendPageFile } from './static-files.ts';

/** GET /ui/login (the form), POST /ui/login (JSON user and password), POST /ui/logout. */
export function loginRoutes(router: Router, sessions: Sessions, config: LiveConfig, throttle: GuessThrottle, log: Logger): void {
  router.get('/login', async (ctx) => {
    if (ctx.state.loggedIn) ctx.redirect('/ui');
    else await sendPageFile(ctx, 'login.html');
  });

  router.post('/login', async (ctx) => {
    const { ui } = config.current;
    const client: string = ctx.state.client;
    const { user, password } = await loginFields(ctx.req);
    const waitMs = throttle.waitMs(client, Date.now());
    if (waitMs > 0) return tooMany(ctx, waitMs);
    // Whether the user name was right tells a typo from an attack; its text could be a token pasted in the wrong field.
    const userMatched = sameSecret(user, ui.user);
    if (!loginMatches(ui, user, password)) {
      const wait = throttle.failed(client, Date.now());
      log.warn({ client, user_matched: userMatched }, 'web page: wrong login');
      if (wait > 0) log.warn({ client, wait_s: Math.ceil(wait / 1000) }, 'web page: too many wrong logins, refusing logins for a while');
      ctx.status = 401;
      ctx.body = { error: 'wrong user, password or token' };
      return;
    }
    throttle.succeeded(client);
    sessions.end(sessionId(ctx));
    const lifetimeMs = ui.session_h * 3_600_000;
    setSessionCookie(ctx, config.current, sessions.create(credentialsKey(ui), lifetimeMs), lifetimeMs / 1000);
    log.info({ client, user_matched: userMatched }, 'web page: logged in');
    ctx.status = 204;
  });

  router.post('/logout', (ctx) => {
    sessions.end(sessionId(ctx));
    setSessionCookie(ctx, config.current, undefined);
    ctx.status = 204;
  });
}

/** Refused unchecked, so that guessing on meanwhile learns nothing. */
function tooMany(ctx: Context, waitMs: number): void {
  const seconds = Math.ceil(waitMs / 1000);
  ctx.status = 429;
  ctx.set('retry-after', String(seconds));
  ctx.body = { error: `too many wrong logins: try again in ${seconds} s` };
}

/** The login's fields from its small JSON body; anything unreadable counts as empty. */
async function loginFields(req: Parameters<typeof readBody>[0]): Promise<{ user: string; password: string }> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, { limit: 8192 })).toString('utf8'));
  } catch {
    body = {};
  }
  const field = (key: string) => {
    const value = (body as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value : '';
  };
  return { user: field('user'), password: field('password') };
}
