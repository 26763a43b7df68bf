import type { Middleware } from 'koa';
import { createHash, timingSafeEqual } from 'node:crypto';

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
    const given = /^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
    if (!sameSecret(given, expected)) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer');
      ctx.body = { error: given ? 'wrong token' : 'Authorization: Bearer <admin token> required' };
      return;
    }
    await next();
  };
}

/** Constant time whatever the lengths: both sides are hashed first. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
