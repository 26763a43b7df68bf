import type { Taken } from '../../intake/intake.ts';
import { knownEvents } from '../../pipeline/route/known-events.ts';

/**
 * What became of a delivery at its answer: its hooks were queued; it was answered from the
 * record (no hook matched, or a redelivery of one whose hooks all succeeded); a redelivery
 * of one still running added nothing; a relay kept it for its agent; or it was GitHub's ping.
 */
export type Answered = 'queued' | 'recorded' | 'running' | 'relayed' | 'ping';

export function answeredAs(event: string, taken: Taken['kind']): Answered {
  if (event === 'ping') return 'ping';
  return taken === 'in-progress' ? 'running' : taken;
}

/**
 * An event as a metric's label: GitHub's events by name, any other as `other`, so that a
 * sender (unsigned, when no secret is set) cannot invent new series.
 */
export function eventLabel(event: string): string {
  return event !== 'all' && knownEvents.has(event) ? event : 'other';
}
