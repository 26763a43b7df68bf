import type { Middleware } from 'koa';
import { bearerOf, sameSecret } from '../../base/bearer-token.ts';
import type { Logger } from '../../base/logger.ts';

/** Whether `given` is one of `tokens`; every token is compared, each in constant time. */
export function tokenMatches(given: string, tokens: readonly string[]): boolean {
  let match = false;
  for (const token of tokens) match = sameSecret(given, token) || match;
  return given !== '' && match;
}

/**
 * Guards the agent endpoints with `Authorization: Bearer <relay token>`. A refusal is a 401,
 * logged with the client's address (never with what it sent).
 */
export function agentAuth(tokens: () => readonly string[], log: Logger): Middleware {
  return async (ctx, next) => {
    const given = bearerOf(ctx);
    if (!tokenMatches(given, tokens())) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer');
      ctx.body = { error: given ? 'wrong token' : 'Authorization: Bearer <relay token> required' };
      log.warn({ client: ctx.req.socket.remoteAddress, forwarded_for: ctx.get('x-forwarded-for') || undefined, path: ctx.path, token: given ? 'wrong' : 'missing' }, 'agent refused: 401');
      return;
    }
    await next();
  };
}
