import { describeEvent } from '../../src/libs/notify/describe-event.ts';
import type { Message } from '../../src/libs/notify/message.ts';
import { example } from './examples.ts';

/**
 * What waits out a Teams rate limit on a busy morning: 21 real example deliveries from 09:02
 * to 09:14 UTC, 16 of them stars, with a failed check, a Dependabot alert and a few more.
 */
export function busyMorning(): Message[] {
  const start = Date.UTC(2026, 11, 5, 9, 2);
  const star = example('star', (p) => p.action === 'created');
  const others = [
    describeEvent('check_run', example('check_run', (p) => p.action === 'completed' && (p.check_run as { conclusion: string }).conclusion === 'failure')),
    describeEvent('issues', example('issues', (p) => p.action === 'opened')),
    describeEvent('pull_request_review', example('pull_request_review', (p) => p.action === 'submitted')),
    describeEvent('discussion', example('discussion', (p) => p.action === 'created')),
    describeEvent('dependabot_alert', example('dependabot_alert', (p) => p.action === 'created')),
  ];
  const stars = Array.from({ length: 16 }, (_, i) => describeEvent('star', { ...star, sender: { ...(star.sender as object), login: `stargazer-${i}` } }));
  return [...others.slice(0, 2), ...stars, ...others.slice(2)].map((m, i, all) => ({ ...m, at: start + Math.round((i / (all.length - 1)) * 12 * 60_000) }));
}
