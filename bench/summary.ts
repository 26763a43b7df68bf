import type { Measurement } from './load.ts';
import { median } from './stats.ts';
import type { System, SystemId } from './systems.ts';

/** The core figures: the same push (each with its own delivery id) at these connection counts. */
export const CONNECTIONS = [1, 32] as const;
/** Distinct deliveries (each journaled and run) are sent at this many connections. */
export const DISTINCT_CONNECTIONS = 64;
export type CoreConnections = (typeof CONNECTIONS)[number];
export type Connections = CoreConnections | typeof DISTINCT_CONNECTIONS;

/** One measured run: one system, one connection count, one round. */
export interface Sample {
  round: number;
  system: SystemId;
  connections: Connections;
  result: Measurement;
}

/** A system at one connection count, over all rounds: medians, the req/s spread, summed failures. */
export interface Cell {
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export type Metric = 'rps' | 'p50';

/** a's metric divided by b's, round by round, and the median of those. */
export interface Ratio {
  a: System;
  b: System;
  connections: Connections;
  metric: Metric;
  median: number;
  rounds: number[];
}

export interface Row {
  system: System;
  cells: Record<CoreConnections, Cell>;
  /** req/s at 32 connections and p50 at 1 connection, each against the bare yardstick. */
  vsBare: { rps: number; p50: number };
}

/** The two measures the targets are about: throughput under load, latency of a lone delivery. */
const HEADLINE = [
  { connections: 32, metric: 'rps' },
  { connections: 1, metric: 'p50' },
] as const;

/** The comparisons worth reading: everything against bare, and genvoy's scripts against the other ways to run one. */
const PAIRS: ReadonlyArray<readonly [SystemId, SystemId]> = [
  ['module', 'bare'],
  ['module1', 'bare'],
  ['script', 'bare'],
  ['bareExec', 'bare'],
  ['webhook', 'bare'],
  ['script', 'bareExec'],
  ['script1', 'bareExec'],
  ['webhook', 'bareExec'],
  ['script', 'webhook'],
  ['script1', 'webhook'],
];

export function summarise(systems: readonly System[], samples: readonly Sample[]): Row[] {
  const bare = byId(systems, 'bare');
  return systems.map((system) => ({
    system,
    cells: Object.fromEntries(CONNECTIONS.map((c) => [c, cell(pick(samples, system.id, c))])) as Record<CoreConnections, Cell>,
    vsBare: {
      rps: ratio(samples, system, bare, 32, 'rps').median,
      p50: ratio(samples, system, bare, 1, 'p50').median,
    },
  }));
}

/** The pairs of PAIRS whose systems both ran. */
export function ratios(systems: readonly System[], samples: readonly Sample[]): Ratio[] {
  const ran = (id: SystemId) => systems.some((s) => s.id === id);
  return PAIRS.filter(([a, b]) => ran(a) && ran(b)).flatMap(([a, b]) =>
    HEADLINE.map(({ connections, metric }) => ratio(samples, byId(systems, a), byId(systems, b), connections, metric)),
  );
}

/**
 * a / b, round by round, then the median. Each round measures both systems within a minute
 * of each other, so pairing them cancels most of a shared machine's drift. b is taken at
 * `baselineConnections` (by default a's).
 */
export function ratio(samples: readonly Sample[], a: System, b: System, connections: Connections, metric: Metric, baselineConnections = connections): Ratio {
  const under = pick(samples, b.id, baselineConnections);
  // A round whose baseline got no answers has no ratio (rather than an infinite one).
  const rounds = pick(samples, a.id, connections).flatMap((sa) => {
    const sb = under.find((s) => s.round === sa.round);
    const ratio = sb ? sa.result[metric] / sb.result[metric] : Number.NaN;
    return Number.isFinite(ratio) ? [ratio] : [];
  });
  return { a, b, connections, metric, median: median(rounds), rounds };
}

export function byId(systems: readonly System[], id: SystemId): System {
  const system = systems.find((s) => s.id === id);
  if (!system) throw new Error(`no system "${id}"`);
  return system;
}

function pick(samples: readonly Sample[], system: SystemId, connections: Connections): Sample[] {
  return samples.filter((s) => s.system === system && s.connections === connections);
}

function cell(runs: readonly Sample[]): Cell {
  const of = (metric: keyof Measurement) => runs.map((s) => s.result[metric]);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    rps: median(of('rps')),
    rpsMin: Math.min(...of('rps')),
    rpsMax: Math.max(...of('rps')),
    p50: median(of('p50')),
    p99: median(of('p99')),
    non2xx: sum(of('non2xx')),
    errors: sum(of('errors')),
  };
}
