/**
 * `run`, started at most once per `ms`: calls share the run in flight, then its result (or
 * error) until `ms` have passed since it started. Work that costs something each time (a
 * disk write, a wait on a lock) then costs the same however often it is asked for.
 */
export function shareRecent<T>(run: () => Promise<T>, ms: number): () => Promise<T> {
  let last: { at: number; result: Promise<T>; running: boolean } | undefined;
  return () => {
    const now = performance.now();
    if (!last || (!last.running && now - last.at >= ms)) {
      const started = { at: now, result: run(), running: true };
      const over = () => void (started.running = false);
      started.result.then(over, over);
      last = started;
    }
    return last.result;
  };
}
