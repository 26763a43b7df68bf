import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/** The original's level names (config's `debug_level`), mapped to pino's. */
export const debugLevels = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type DebugLevel = (typeof debugLevels)[number];

const levels: Record<DebugLevel, pino.Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
};

export function pinoLevel(level: DebugLevel): pino.Level {
  return levels[level];
}

/**
 * One JSON line per entry on stdout; pretty when a person watches a terminal.
 * `destination` is for tests that read what was logged.
 */
export function createLogger(level: DebugLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = { level: pinoLevel(level), base: { name: 'genvoy' } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    // Loaded only for a terminal: a server's log is JSON.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
    return pino(options, pretty({ sync: true, ignore: 'pid,hostname,name' }));
  }
  return pino(options);
}

/**
 * A child logger made on first use. Most deliveries never log at a level that is on, and
 * making a pino child costs more than the rest of routing a delivery.
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): () => Logger {
  let child: Logger | undefined;
  return () => (child ??= parent.child(bindings));
}
