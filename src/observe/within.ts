/** `work`'s value, or an error saying that `what` did not answer within `ms`. */
export async function within<T>(work: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(reject, ms, new Error(`${what} did not answer within ${ms} ms`))));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
