import { pino } from 'pino';
import type { Logger } from '../base/logger.ts';

/** One line a hook logged: its level's name, its message, and the fields it gave. */
export interface LogLine {
  level: string;
  msg?: string;
  [field: string]: unknown;
}

/**
 * A logger that keeps its lines, for a hook run in a test. No time, pid or host: a test
 * compares lines whole. Every level from debug up, as genvoy's `debug_level: DEBUG` would.
 */
export function capturedLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug', base: undefined, timestamp: false, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { log, lines };
}
