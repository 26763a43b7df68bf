import type { Middleware } from 'koa';
import { bearerOf, carriesToken, sameSecret, type TokenGuard } from '../../base/bearer-token.ts';
import type { Logger } from '../../base/logger.ts';

/** Whether `given` is one of `tokens`; every token is compared, each in constant time. */
export function tokenMatches(given: string, tokens: readonly string[]): boolean {
  let match = false;
  for (const token of tokens) match = sameSecret(given, token) || match;
  return given !== '' && match;
}

/**
 * Guards the agent endpoints with `Authorization: Bearer <relay token>`. A refusal is a 401 (a
 * 429 while the client must wait for its wrong guesses), logged with the client's address
 * (never with what it sent).
 */
export function agentAuth(tokens: () => readonly string[], guard: TokenGuard, log: Logger): Middleware {
  return async (ctx, next) => {
    if (!carriesToken(ctx, (given) => tokenMatches(given, tokens()), 'relay token', guard)) {
      const token = ctx.status === 429 ? 'unchecked' : bearerOf(ctx) ? 'wrong' : 'missing';
      log.warn({ client: ctx.req.socket.remoteAddress, forwarded_for: ctx.get('x-forwarded-for') || undefined, path: ctx.path, token }, `agent refused: ${ctx.status}`);
      return;
    }
    await next();
  };
}
