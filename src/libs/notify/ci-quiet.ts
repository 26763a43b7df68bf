import { outcomeOf } from './events/ci-outcome.ts';
import { readPayload } from './events/read-payload.ts';

/** CI's events: many a push, most of them saying that all is well. */
export const ciEvents = ['check_run', 'check_suite', 'workflow_job', 'workflow_run', 'status', 'deployment_status'] as const;

/** Each CI event's outcome: its conclusion or state, when it has one yet. */
const outcomePath: Record<(typeof ciEvents)[number], string> = {
  check_run: 'check_run.conclusion',
  check_suite: 'check_suite.conclusion',
  workflow_job: 'workflow_job.conclusion',
  workflow_run: 'workflow_run.conclusion',
  status: 'state',
  deployment_status: 'deployment_status.state',
};

/**
 * Why a CI delivery is not worth a message under `ci_events: "problems"`, or undefined when it
 * is: something failed, timed out, was cancelled, needs action, or waits for a person (a job
 * waiting for a deployment review, a deployment waiting for approval). Other events: undefined.
 */
export function quietCi(event: string, payload: Record<string, unknown>): string | undefined {
  if (!(ciEvents as readonly string[]).includes(event)) return undefined;
  const read = readPayload(payload);
  if (event === 'workflow_job' && read.text('action') === 'waiting') return undefined;
  const outcome = read.text(outcomePath[event as (typeof ciEvents)[number]]);
  if (outcomeOf(outcome).problem) return undefined;
  const what = [read.text('action'), outcome].filter(Boolean).join(', ');
  return `ci_events is "problems": ${event}${what ? ` (${what})` : ''} is neither a failure nor waiting for anyone`;
}
