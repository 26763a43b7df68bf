import type { Position } from './json-positions.ts';

/** One problem genvoy check-config reports: in a file, at a line and column where known, under a key where it has one. */
export interface Finding {
  file: string;
  position?: Position;
  key?: string;
  message: string;
  /** Something genvoy takes, but that is rarely meant: shown, without failing the check. */
  warning?: boolean;
}

/** `config/config.json:7:3 hook_timeout_s: expected a number`; a warning `config/config.json:2:3 warning: backup_dir: …`. */
export function renderFinding({ file, position, key, message, warning }: Finding): string {
  return `${file}${position ? `:${position.line}:${position.column}` : ''} ${warning ? 'warning: ' : ''}${key ? `${key}: ` : ''}${message}`;
}
