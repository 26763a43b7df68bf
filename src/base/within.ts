/**
 * `work`'s value, or `late()`'s once `ms` pass first (`late` may throw: the answer is then
 * that error). The timer goes as soon as either answers, so nothing is left waiting.
 */
export async function withDeadline<T>(work: Promise<T> | T, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))).then(late);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** `work`'s value, or an error saying that `what` did not answer within `ms`. */
export function within<T>(work: Promise<T> | T, ms: number, what: string): Promise<T> {
  return withDeadline(work, ms, () => {
    throw new Error(`${what} did not answer within ${ms} ms`);
  });
}
