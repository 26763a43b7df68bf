import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { GuessThrottle } from './guess-throttle.ts';
import type { Logger } from './logger.ts';

/**
 * What guards one server's bearer tokens: the throttle of wrong guesses (the web page's login
 * shares it), who a request's client is (past trusted proxies), and the log.
 */
export interface TokenGuard {
  throttle: GuessThrottle;
  client(ctx: Context): string;
  log: Logger;
}

/** How a request's bearer token fared; `wait`: its client guessed wrong too often and must wait `waitMs`, unchecked. */
type TokenVerdict = { verdict: 'right' | 'missing' | 'wrong' } | { verdict: 'wait'; waitMs: number };

/**
 * Guards an admin endpoint with `Authorization: Bearer <token>`. With no token configured
 * the endpoint does not exist (404), so that an unset token never means "open".
 */
export function bearerToken(token: () => string, guard: TokenGuard): Middleware {
  return async (ctx, next) => {
    const expected = token();
    if (!expected) {
      ctx.status = 404;
      ctx.body = { error: 'not found (set admin_token or GENVOY_ADMIN_TOKEN to enable the admin endpoints)' };
      return;
    }
    if (carriesToken(ctx, (given) => sameSecret(given, expected), 'admin token', guard)) await next();
  };
}

/** The request's bearer token; "" without one. */
export function bearerOf(ctx: Context): string {
  return /^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
}

/**
 * Whether the request carries a token `matches` takes. If not, answers 401 asking for the
 * `name`d token, or 429 with Retry-After while its client must wait.
 */
export function carriesToken(ctx: Context, matches: (given: string) => boolean, name: string, guard: TokenGuard): boolean {
  const checked = checkToken(ctx, matches, guard);
  if (checked.verdict === 'right') return true;
  if (checked.verdict === 'wait') {
    const seconds = Math.ceil(checked.waitMs / 1000);
    ctx.status = 429;
    ctx.set('retry-after', String(seconds));
    ctx.body = { error: `too many wrong tokens: try again in ${seconds} s` };
    return false;
  }
  ctx.status = 401;
  ctx.set('www-authenticate', 'Bearer');
  ctx.body = { error: checked.verdict === 'wrong' ? 'wrong token' : `Authorization: Bearer <${name}> required` };
  return false;
}

/**
 * Checks the request's bearer token as the web page checks a login: a wrong one counts against
 * its client, and a client that guessed wrong too often is not checked at all until its wait
 * is over, so that guessing on meanwhile learns nothing. No token is no guess.
 */
export function checkToken(ctx: Context, matches: (given: string) => boolean, { throttle, client: clientOf, log }: TokenGuard): TokenVerdict {
  const given = bearerOf(ctx);
  if (!given) return { verdict: 'missing' };
  const client = clientOf(ctx);
  const waitMs = throttle.waitMs(client, Date.now());
  if (waitMs > 0) return { verdict: 'wait', waitMs };
  if (matches(given)) {
    throttle.succeeded(client);
    return { verdict: 'right' };
  }
  const wait = throttle.failed(client, Date.now());
  if (wait > 0) log.warn({ client, path: ctx.path, wait_s: Math.ceil(wait / 1000) }, 'too many wrong bearer tokens: refusing this client unchecked for a while');
  return { verdict: 'wrong' };
}

/** Constant time whatever the lengths: both sides are hashed first. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
