import type { Logger } from '../../base/logger.ts';

/** At the first SIGINT (Ctrl-C) or SIGTERM: logs `message` with the signal, runs `stop`, then exits 0. */
export function stopOnSignal(log: Logger, message: string, stop: () => Promise<unknown>): void {
  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, message);
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
}
