const units = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const sinceFormat = 'a duration such as "90m", "36h" or "3d", or an ISO date such as "2026-11-27" or "2026-11-27T08:00:00Z"';

/**
 * `--since`: how far back to look. A duration counts back from `now`;
 * an ISO date without a zone is UTC. Undefined when the text is neither.
 */
export function parseSince(text: string, now: number): Date | undefined {
  const duration = /^(\d+)([mhd])$/.exec(text);
  if (duration) {
    const amount = Number(duration[1]);
    return amount > 0 ? new Date(now - amount * units[duration[2] as keyof typeof units]) : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return undefined;
  // Date.parse reads a date-time without a zone as local time: say UTC, as GitHub does.
  const zoned = text.length > 10 && !/(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
