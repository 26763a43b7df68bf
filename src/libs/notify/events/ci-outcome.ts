import { lookupTable } from '../../../base/lookup-table.ts';

/**
 * CI's conclusions and states: how a title says each, its colour, and whether it needs a
 * person (something failed, was cancelled, or waits for someone).
 */
const outcomes: Readonly<Record<string, { says: string; color?: string; problem?: true }>> = lookupTable({
  success: { says: 'passed', color: 'good' },
  failure: { says: 'failed', color: 'attention', problem: true },
  error: { says: 'failed with an error', color: 'attention', problem: true },
  timed_out: { says: 'timed out', color: 'attention', problem: true },
  startup_failure: { says: 'failed to start', color: 'attention', problem: true },
  cancelled: { says: 'was cancelled', color: 'warning', problem: true },
  action_required: { says: 'needs action', color: 'warning', problem: true },
  waiting: { says: 'is waiting for approval', color: 'warning', problem: true },
  neutral: { says: 'ended neutral' },
  skipped: { says: 'was skipped' },
  stale: { says: 'went stale' },
  pending: { says: 'is pending' },
  queued: { says: 'is queued' },
  requested: { says: 'was requested' },
  in_progress: { says: 'is in progress' },
  inactive: { says: 'is inactive' },
  completed: { says: 'completed' },
});

export function outcomeOf(conclusion: string | undefined): { says: string; color?: string; problem: boolean } {
  const known = conclusion ? outcomes[conclusion] : undefined;
  return { says: known?.says ?? (conclusion ? conclusion.replace(/_/g, ' ') : 'completed'), color: known?.color, problem: known?.problem === true };
}
