import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from 'koa';

/**
 * Guards an admin endpoint with `Authorization: Bearer <token>`. With no token configured
 * the endpoint does not exist (404), so that an unset token never means "open".
 */
export function bearerToken(token: () => string): Middleware {
  return async (ctx, next) => {
    const expected = token();
    if (!expected) {
      ctx.status = 404;
      ctx.body = { error: 'not found (set admin_token or GENVOY_ADMIN_TOKEN to enable the admin endpoints)' };
      return;
    }
    if (carriesToken(ctx, expected, 'admin token')) await next();
  };
}

/** The request's bearer token; "" without one. */
export function bearerOf(ctx: Context): string {
  return /^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
}

/** Whether the request carries `expected` as its bearer token; if not, answers 401 asking for the `name`d token. */
export function carriesToken(ctx: Context, expected: string, name: string): boolean {
  const given = bearerOf(ctx);
  if (sameSecret(given, expected)) return true;
  ctx.status = 401;
  ctx.set('www-authenticate', 'Bearer');
  ctx.body = { error: given ? 'wrong token' : `Authorization: Bearer <${name}> required` };
  return false;
}

/** Constant time whatever the lengths: both sides are hashed first. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
