import type { Position } from './json-positions.ts';

/** One problem genvoy check-config reports: in a file, at a line and column where known, under a key where it has one. */
export interface Finding {
  file: string;
  position?: Position;
  key?: string;
  message: string;
}

/** `config/config.json:7:3 hook_timeout_s: expected a number`. */
export function renderFinding({ file, position, key, message }: Finding): string {
  return `${file}${position ? `:${position.line}:${position.column}` : ''} ${key ? `${key}: ` : ''}${message}`;
}
