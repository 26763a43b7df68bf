/** `2026-11-29 19:37:24`: a journal time (ms since the epoch) in UTC, to the second. */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}
