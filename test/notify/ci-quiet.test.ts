import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ciEvents, quietCi } from '../../src/libs/notify/ci-quiet.ts';
import { loadNotifyConfig, type NotifyConfig } from '../../src/libs/notify/load-notify-config.ts';
import { renderEvent } from '../../src/libs/notify/render-event.ts';
import { example, examples } from '../support/examples.ts';

const shipped = join(import.meta.dirname, '../../config/notify.json');

/** What a CI payload says happened: the conclusion or state that decides. */
function outcome(event: string, payload: Record<string, any>): string | undefined {
  if (event === 'status') return payload.state;
  if (event === 'deployment_status') return payload.deployment_status.state;
  return payload[event].conclusion ?? undefined;
}

describe('quiet CI: checks, workflows, statuses and deployments only when something failed or waits for a person', () => {
  let config: NotifyConfig;
  beforeAll(async () => {
    config = await loadNotifyConfig(shipped, {});
  });

  it('defaults to "problems" in the shipped config', () => {
    expect(config.ciEvents).toBe('problems');
  });

  it('sends every CI example that failed or waits, and no other, with the shipped config', () => {
    const ci = examples.filter((e) => (ciEvents as readonly string[]).includes(e.event));
    expect(ci.length).toBeGreaterThan(20);
    let sent = 0;
    for (const { event, payload } of ci) {
      const needsSomeone = ['failure', 'error', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'waiting'].includes(outcome(event, payload) ?? '') || (event === 'workflow_job' && payload.action === 'waiting');
      const result = renderEvent(config, event, payload);
      expect('skipped' in result, `${event}.${payload.action ?? ''} (${outcome(event, payload)})`).toBe(!needsSomeone);
      if (needsSomeone) sent++;
    }
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(ci.length / 2);
  });

  it('sends a conclusion that needs someone, whatever the event', () => {
    const run = example('workflow_run', (p) => p.action === 'completed');
    for (const conclusion of ['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']) {
      expect(quietCi('workflow_run', { ...run, workflow_run: { ...(run.workflow_run as object), conclusion } }), conclusion).toBeUndefined();
    }
    for (const conclusion of ['success', 'neutral', 'skipped', null]) {
      expect(quietCi('workflow_run', { ...run, workflow_run: { ...(run.workflow_run as object), conclusion } }), String(conclusion)).toMatch(/^ci_events is "problems": workflow_run/);
    }
    expect(quietCi('issues', example('issues'))).toBeUndefined();
  });

  it('sends every one with "ci_events": "all"', () => {
    const all: NotifyConfig = { ...config, ciEvents: 'all' };
    const ci = examples.filter((e) => (ciEvents as readonly string[]).includes(e.event));
    expect(ci.length).toBeGreaterThan(20);
    for (const { event, payload } of ci) {
      expect('skipped' in renderEvent(all, event, payload), `${event}.${payload.action ?? ''}`).toBe(false);
    }
  });
});
