/** The wait before retry number `attempt` (1 for the first): doubles each time, capped. */
export function backoff(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(firstMs * 2 ** (attempt - 1), maxMs);
}
