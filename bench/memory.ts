import { readFile } from 'node:fs/promises';

/** A process's resident set size in bytes, from /proc (Linux). */
export async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kB === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kB) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; resolves with the highest seen. */
export function watchRss(pid: number, everyMs = 100): { stop(): Promise<number> } {
  let peak = 0;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = rss(pid).then(
      (bytes) => void (peak = Math.max(peak, bytes)),
      () => {}, // the process may be gone: the last sample stands
    );
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      return peak;
    },
  };
}
