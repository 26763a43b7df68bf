import type Router from '@koa/router';
import type { LiveConfig } from '../config/watch-config.ts';
import type { Logger } from '../log/logger.ts';
import { readBody } from '../receive/read-body.ts';
import { credentialsKey, loginMatches } from './credentials.ts';
import { sessionId, setSessionCookie } from './session-cookie.ts';
import type { Sessions } from './sessions.ts';
import { sendPageFile } from './static-files.ts';

/** GET /ui/login (the form), POST /ui/login (JSON user and password), POST /ui/logout. */
export function loginRoutes(router: Router, sessions: Sessions, config: LiveConfig, log: Logger): void {
  router.get('/login', async (ctx) => {
    if (ctx.state.loggedIn) ctx.redirect('/ui');
    else await sendPageFile(ctx, 'login.html');
  });

  router.post('/login', async (ctx) => {
    const { ui } = config.current;
    const { user, password } = await loginFields(ctx.req);
    if (!loginMatches(ui, user, password)) {
      // The user name helps tell a typo from an attack; the password never shows.
      log.warn({ client: ctx.state.client, user: user.slice(0, 64) }, 'web page: wrong login');
      ctx.status = 401;
      ctx.body = { error: 'wrong user, password or token' };
      return;
    }
    sessions.end(sessionId(ctx));
    const lifetimeMs = ui.session_h * 3_600_000;
    setSessionCookie(ctx, config.current, sessions.create(credentialsKey(ui), lifetimeMs), lifetimeMs / 1000);
    log.info({ client: ctx.state.client, user: user.slice(0, 64) }, 'web page: logged in');
    ctx.status = 204;
  });

  router.post('/logout', (ctx) => {
    sessions.end(sessionId(ctx));
    setSessionCookie(ctx, config.current, undefined);
    ctx.status = 204;
  });
}

/** The login's fields from its small JSON body; anything unreadable counts as empty. */
async function loginFields(req: Parameters<typeof readBody>[0]): Promise<{ user: string; password: string }> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, 8192)).toString('utf8'));
  } catch {
    body = {};
  }
  const field = (key: string) => {
    const value = (body as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value : '';
  };
  return { user: field('user'), password: field('password') };
}
