import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** One line a tracing hook wrote: it started, or it reached its end. */
export interface TraceLine {
  kind: 'start' | 'end';
  delivery: string;
  hook: string;
}

/**
 * A module hook that appends "start <delivery> <hook>" to `file` as it starts, works for a
 * few milliseconds, and appends "end <delivery> <hook>" as its last act before it returns.
 * Each line is one write(2) on a file opened for appending: once it returns the line is the
 * kernel's, and a kill -9 of genvoy cannot take it back (only a power cut could, so no fsync).
 */
export function tracingHook(file: string): string {
  return `import { appendFileSync } from 'node:fs';
    const trace = ${JSON.stringify(file)};
    export async function handle(payload, event, ctx) {
      appendFileSync(trace, 'start ' + ctx.delivery + ' ' + ctx.hook + '\\n');
      await new Promise((r) => setTimeout(r, 1 + Math.floor(Math.random() * 8)));
      appendFileSync(trace, 'end ' + ctx.delivery + ' ' + ctx.hook + '\\n');
      return 'traced';
    }`;
}

/** The lines the tracing hooks wrote from byte `from` on, in order, and the byte where they end. */
export function readTrace(file: string, from = 0): { lines: TraceLine[]; end: number } {
  if (!existsSync(file)) return { lines: [], end: from };
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(Math.max(0, fstatSync(fd).size - from));
    const read = readSync(fd, bytes, 0, bytes.length, from);
    // A line is only counted once its newline is written.
    const text = bytes.subarray(0, read).toString('utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const lines = complete
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [kind, delivery, hook] = line.split(' ') as [TraceLine['kind'], string, string];
        return { kind, delivery, hook };
      });
    return { lines, end: from + Buffer.byteLength(complete) };
  } finally {
    closeSync(fd);
  }
}
