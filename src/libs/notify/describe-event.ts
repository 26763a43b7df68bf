import { lookupTable } from '../../base/lookup-table.ts';
import { accessEvents } from './events/access-events.ts';
import { ciEvents } from './events/ci-events.ts';
import { codeEvents } from './events/code-events.ts';
import { conversationEvents } from './events/conversation-events.ts';
import type { Describe } from './events/description.ts';
import { genericEvent } from './events/generic-event.ts';
import { readPayload } from './events/read-payload.ts';
import { safeUrl, type Message } from './message.ts';
import { show } from './template.ts';

const describers: Readonly<Record<string, Describe>> = lookupTable({ ...conversationEvents, ...ciEvents, ...codeEvents, ...accessEvents });

/** The payload's objects whose html_url is the page a message about the event should open, most specific first. */
const subjects = [
  'comment', 'review', 'pull_request', 'issue', 'discussion', 'release', 'alert', 'workflow_run', 'workflow_job',
  'check_run', 'check_suite', 'deployment_status', 'deployment', 'package', 'security_advisory', 'repository_advisory',
  'milestone', 'project', 'forkee', 'team', 'membership', 'repository', 'organization', 'sender',
];

function subjectUrl(payload: Record<string, unknown>): string | undefined {
  for (const key of subjects) {
    const url = safeUrl(show((payload[key] as { html_url?: unknown } | undefined)?.html_url));
    if (url) return url;
  }
  return undefined;
}

/**
 * The built-in message of a delivery, for every event GitHub sends: a title that names the
 * thing, what happened, where and by whom; a few lines of body at most; a link to the thing.
 */
export function describeEvent(event: string, payload: Record<string, unknown>): Message {
  const read = readPayload(payload);
  const repository = read.text('repository.full_name');
  const described = (describers[event] ?? genericEvent)({
    event,
    action: read.text('action'),
    read,
    actor: read.text('sender.login'),
    where: repository ?? read.text('organization.login') ?? read.text('enterprise.name'),
  });
  return {
    event,
    repository,
    title: described.title,
    text: described.body ?? [],
    color: described.color,
    facts: [],
    url: safeUrl(described.url) ?? subjectUrl(payload),
    tally: described.tally,
  };
}
