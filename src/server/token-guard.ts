import type { TokenGuard } from '../base/bearer-token.ts';
import { GuessThrottle } from '../base/guess-throttle.ts';
import type { Logger } from '../base/logger.ts';
import type { LiveConfig } from '../config/watch-config.ts';
import { requestClient } from '../pipeline/guard/client-address.ts';

/** One server's guard of its bearer tokens (and its web page's login): one count of wrong guesses per client. */
export function tokenGuard(config: LiveConfig, log: Logger): TokenGuard {
  return { throttle: new GuessThrottle(), client: (ctx) => requestClient(ctx.req, config.current.trusted_proxies), log };
}
