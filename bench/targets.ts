import { mib, times } from './format.ts';
import { median } from './stats.ts';
import { byId, DISTINCT_CONNECTIONS, ratio, type Connections, type Metric, type Sample } from './summary.ts';
import type { System, SystemId } from './systems.ts';

interface TargetSpec {
  text: string;
  system: SystemId;
  baseline: SystemId;
  connections: Connections;
  /** The baseline's connection count, when not the system's. */
  baselineConnections?: Connections;
  metric: Metric;
  /** req/s must reach at least `bound` × the baseline's; latency stay at most `bound` ×. */
  bound: number;
}

export interface TargetResult {
  text: string;
  /** The median over the rounds, and each round's figure, as shown. */
  measured: string;
  rounds: string[];
  pass: boolean;
}

/** Memory of genvoy's process tree, in bytes per round (see bench/memory.ts). */
export interface MemoryFigures {
  /** `genvoy serve` with the shipped config and hooks, idle after start. */
  idle: number[];
  /** The legacy script genvoy (its spawner and that one's Python helper included), after its load in each round. */
  scripts: number[];
  /** The highest during each round of distinct deliveries, per async system. */
  peak: Array<{ system: System; rounds: number[] }>;
}

const IDLE_MIB = 100;
const PEAK_MIB = 200;

/** The targets of one traffic: genvoy's systems for it, against the yardsticks of the same round. */
function loadTargets(where: string, module: SystemId, script: SystemId, async: SystemId): TargetSpec[] {
  return [
    { text: `${where}: module hook req/s at 32 connections ≥ 0.6 × bare`, system: module, baseline: 'bare', connections: 32, metric: 'rps', bound: 0.6 },
    { text: `${where}: module hook p50 at 1 connection ≤ 2 × bare p50`, system: module, baseline: 'bare', connections: 1, metric: 'p50', bound: 2 },
    {
      text: `${where}: async + journal deliveries/s (distinct deliveries, 64 connections) ≥ 0.5 × bare req/s at 32 connections`,
      system: async,
      baseline: 'bare',
      connections: DISTINCT_CONNECTIONS,
      baselineConnections: 32,
      metric: 'rps',
      bound: 0.5,
    },
    { text: `${where}: legacy script req/s at 32 connections ≥ 1.5 × bare + execFile`, system: script, baseline: 'bareExec', connections: 32, metric: 'rps', bound: 1.5 },
    { text: `${where}: legacy script req/s at 32 connections ≥ 1.0 × adnanh/webhook (goal)`, system: script, baseline: 'webhook', connections: 32, metric: 'rps', bound: 1 },
  ];
}

/** genvoy's performance targets, as ratios to the yardsticks measured in the same run, for both kinds of traffic. */
export const TARGETS: readonly TargetSpec[] = [...loadTargets('64 repositories', 'module', 'script', 'async'), ...loadTargets('1 repository', 'module1', 'script1', 'async1')];

/** The targets whose systems all ran, then the memory targets. */
export function checkTargets(systems: readonly System[], samples: readonly Sample[], memory: MemoryFigures): TargetResult[] {
  const ran = (id: SystemId) => systems.some((s) => s.id === id);
  const ratios = TARGETS.filter((t) => ran(t.system) && ran(t.baseline)).map((t) => {
    const measured = ratio(samples, byId(systems, t.system), byId(systems, t.baseline), t.connections, t.metric, t.baselineConnections);
    const pass = t.metric === 'rps' ? measured.median >= t.bound : measured.median <= t.bound;
    return { text: t.text, measured: times(measured.median), rounds: measured.rounds.map(times), pass };
  });
  const idle = memory.idle.length ? [memoryTarget(`RSS of \`genvoy serve\` (all its processes) idle with the shipped config and hooks ≤ ${IDLE_MIB} MiB`, memory.idle, IDLE_MIB)] : [];
  const peaks = memory.peak.map(({ system, rounds }) => memoryTarget(`RSS of genvoy's processes at their highest under ${system.name} ≤ ${PEAK_MIB} MiB`, rounds, PEAK_MIB));
  return [...ratios, ...idle, ...peaks];
}

function memoryTarget(text: string, rounds: number[], bound: number): TargetResult {
  const measured = median(rounds);
  return { text, measured: `${mib(measured)} MiB`, rounds: rounds.map((r) => `${mib(r)} MiB`), pass: measured <= bound * 1024 ** 2 };
}
