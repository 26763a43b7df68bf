import { parseArgs } from 'node:util';
import { DISTINCT_CONNECTIONS } from './summary.ts';
import { SYSTEM_IDS, type SystemId } from './systems.ts';

export interface Settings {
  /** Rounds over all systems; medians are taken across them. */
  rounds: number;
  /** Seconds measured per system and connection count. */
  duration: number;
  /** Seconds of load before each measurement, not counted (JIT, pools, caches). */
  warmup: number;
  /** Distinct signed deliveries sent to the async + journal system per round. */
  deliveries: number;
  /** Repositories the deliveries take turns in (genvoy runs an ordered hook's runs for one repository in order, one at a time). */
  repositories: number;
  /** The systems to run (all unless `--only`); bare is always among them, as every ratio is to it. */
  only: readonly SystemId[];
  /** Where the markdown report goes. */
  out: string;
}

/**
 * `npm run bench -- --rounds 3 --duration 5 --warmup 1 --deliveries 10000 --repositories 64 --out BENCHMARKS.md`
 * (these are the defaults); `--only async,bare` runs some systems only.
 */
export function parseSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      deliveries: { type: 'string', default: '10000' },
      repositories: { type: 'string', default: '64' },
      only: { type: 'string' },
      out: { type: 'string', default: 'BENCHMARKS.md' },
    },
  });
  return {
    rounds: positive('rounds', values.rounds),
    duration: positive('duration', values.duration),
    warmup: positive('warmup', values.warmup),
    deliveries: atLeast('deliveries', values.deliveries, DISTINCT_CONNECTIONS),
    repositories: atLeast('repositories', values.repositories, 1),
    only: values.only === undefined ? SYSTEM_IDS : systemList(values.only),
    out: values.out,
  };
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got "${text}"`);
  return n;
}

/** autocannon needs at least one request per connection. */
function atLeast(name: string, text: string, min: number): number {
  const n = positive(name, text);
  if (n < min) throw new Error(`--${name}: expected at least ${min}, got "${text}"`);
  return n;
}

function systemList(text: string): SystemId[] {
  const ids = text.split(',').map((id) => id.trim());
  for (const id of ids) {
    if (!(SYSTEM_IDS as readonly string[]).includes(id)) throw new Error(`--only: no system "${id}" (there are ${SYSTEM_IDS.join(', ')})`);
  }
  // Every figure is read against the yardstick measured beside it.
  return [...new Set([...(ids as SystemId[]), 'bare' as const])];
}
