import { byId, DISTINCT_CONNECTIONS, ratio, type Connections, type Metric, type Ratio, type Sample } from './summary.ts';
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
  ratio: Ratio;
  pass: boolean;
}

/** genvoy's performance targets, as ratios to the yardsticks measured in the same run. */
export const TARGETS: readonly TargetSpec[] = [
  { text: 'module hook req/s at 32 connections ≥ 0.6 × bare', system: 'module', baseline: 'bare', connections: 32, metric: 'rps', bound: 0.6 },
  { text: 'module hook p50 at 1 connection ≤ 2 × bare p50', system: 'module', baseline: 'bare', connections: 1, metric: 'p50', bound: 2 },
  { text: 'legacy script req/s at 32 connections ≥ 1.5 × bare + execFile', system: 'script', baseline: 'bareExec', connections: 32, metric: 'rps', bound: 1.5 },
  {
    text: 'async + journal deliveries/s (distinct deliveries, 64 connections) ≥ 0.5 × bare req/s at 32 connections',
    system: 'async',
    baseline: 'bare',
    connections: DISTINCT_CONNECTIONS,
    baselineConnections: 32,
    metric: 'rps',
    bound: 0.5,
  },
];

/** The targets whose systems both ran. */
export function checkTargets(systems: readonly System[], samples: readonly Sample[]): TargetResult[] {
  const ran = (id: SystemId) => systems.some((s) => s.id === id);
  return TARGETS.filter((t) => ran(t.system) && ran(t.baseline)).map((t) => {
    const measured = ratio(samples, byId(systems, t.system), byId(systems, t.baseline), t.connections, t.metric, t.baselineConnections);
    const pass = t.metric === 'rps' ? measured.median >= t.bound : measured.median <= t.bound;
    return { text: t.text, ratio: measured, pass };
  });
}
