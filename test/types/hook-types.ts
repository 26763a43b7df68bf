// Checked by `tsc --noEmit` (part of npm test): hook authors get event payloads typed, no casts.
import type { IssuesEvent, PushEvent, WebhookEvent } from '@octokit/webhooks-types';
import { defineHook, type Handler, type HookPayload } from '../../src/api/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(): T => true as T;

check<Equal<HookPayload<'push'>, PushEvent>>();
check<Equal<HookPayload<'all'>, WebhookEvent>>();

export const push: Handler<'push'> = (payload, event, context) => {
  check<Equal<typeof payload, PushEvent>>();
  check<Equal<typeof event, 'push'>>();
  context.log.info(payload.head_commit?.message ?? '');
  // @ts-expect-error a push has no issue
  return payload.issue;
};

export const issues = defineHook<'issues'>({
  when: (payload) => payload.action === 'opened',
  handle: (payload: IssuesEvent) => payload.issue.number,
});

export const deploy = defineHook<'push'>({
  repository: 'website',
  branch: 'main',
  handle: (payload) => payload.ref,
});

// @ts-expect-error a pin is a name, not a list
export const pinnedTwice = defineHook<'push'>({ repository: ['website', 'docs'], handle: () => 1 });
