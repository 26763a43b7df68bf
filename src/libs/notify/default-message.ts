import { safeUrl, type Message } from './message.ts';
import { show } from './template.ts';

/** The payload's objects whose html_url is the page a message about the event should open, most specific first. */
const subjects = [
  'comment', 'review', 'pull_request', 'issue', 'discussion', 'release', 'alert', 'workflow_run', 'workflow_job',
  'check_run', 'check_suite', 'deployment_status', 'deployment', 'package', 'security_advisory', 'repository_advisory',
  'milestone', 'project', 'forkee', 'team', 'membership', 'repository', 'organization', 'sender',
];

export function subjectUrl(payload: Record<string, unknown>): string | undefined {
  for (const key of subjects) {
    const url = safeUrl(show((payload[key] as { html_url?: unknown } | undefined)?.html_url));
    if (url) return url;
  }
  return undefined;
}

/** What happened, where, by whom, with a link: for every event without a template. */
export function defaultMessage(event: string, payload: Record<string, unknown>): Message {
  const get = (path: string) => path.split('.').reduce<unknown>((at, k) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined), payload);
  const action = show(get('action'));
  const repository = show(get('repository.full_name')) || undefined;
  const where = repository ?? (show(get('organization.login')) || show(get('enterprise.name')));
  const subject = show(get('pull_request.title')) || show(get('issue.title')) || show(get('release.name')) || show(get('discussion.title'));
  const sender = show(get('sender.login'));
  const what = `${event.replace(/_/g, ' ')}${action ? ` ${action.replace(/_/g, ' ')}` : ''}`;
  return {
    event,
    repository,
    title: `${what}${where ? ` in ${where}` : ''}`,
    text: [...(subject ? [{ text: `${subject}\n` }] : []), { text: 'by ' }, { text: sender || 'GitHub', bold: true }],
    facts: [],
    url: subjectUrl(payload),
  };
}
