import { parseArgs } from 'node:util';

export interface Settings {
  /** Rounds over all systems; medians are taken across them. */
  rounds: number;
  /** Seconds measured per system and connection count. */
  duration: number;
  /** Seconds of load before each measurement, not counted (JIT, pools, caches). */
  warmup: number;
  /** Where the markdown report goes. */
  out: string;
}

/** `npm run bench -- --rounds 3 --duration 5 --warmup 1 --out BENCHMARKS.md` (these are the defaults). */
export function parseSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      out: { type: 'string', default: 'BENCHMARKS.md' },
    },
  });
  return {
    rounds: positive('rounds', values.rounds),
    duration: positive('duration', values.duration),
    warmup: positive('warmup', values.warmup),
    out: values.out,
  };
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got "${text}"`);
  return n;
}
