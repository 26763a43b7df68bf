import { readdir, readFile } from 'node:fs/promises';

/** A process's resident set size in bytes, from /proc (Linux). */
export async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kB === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kB) * 1024;
}

/**
 * The RSS of a process and all its descendants (genvoy's spawners and their Python helpers,
 * its parse thread's and hook threads' share is in its own), summed; what a machine gives up
 * to run it. Read from /proc; a process that ends meanwhile counts as nothing.
 */
export async function treeRss(root: number): Promise<number> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command name, in parentheses, may hold spaces: the fields after its last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += await rss(pid).catch(() => 0);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples a process's RSS (or with `read = treeRss`, its tree's) every `everyMs` until stopped; resolves with the highest seen. */
export function watchRss(pid: number, everyMs = 100, read: (pid: number) => Promise<number> = rss): { stop(): Promise<number> } {
  let peak = 0;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = read(pid).then(
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
