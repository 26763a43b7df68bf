import type { Message, Span } from './message.ts';

/**
 * One message for many that waited out a target's rate limit: how many per repository and
 * event first (that part survives shortening), then each message's title with its link.
 */
export function digest(messages: Message[]): Message {
  const groups = new Map<string, Map<string, Message[]>>();
  for (const m of messages) {
    const repository = m.repository ?? '(no repository)';
    const events = groups.get(repository) ?? groups.set(repository, new Map()).get(repository)!;
    (events.get(m.event) ?? events.set(m.event, []).get(m.event)!).push(m);
  }
  const facts = [...groups].map(([repository, events]) => ({
    title: repository,
    value: [...events].map(([event, list]) => `${event} ×${list.length}`).join(', '),
  }));
  const text: Span[] = [];
  for (const [repository, events] of groups) {
    text.push({ text: `${text.length ? '\n' : ''}${repository}`, bold: true });
    for (const [event, list] of events) {
      text.push({ text: `\n${event}:` });
      for (const m of list) text.push({ text: '\n• ' }, m.url ? { text: m.title, href: m.url } : { text: m.title });
    }
  }
  const attention = messages.some((m) => m.color === 'attention');
  return {
    event: 'digest',
    title: `${messages.length} notifications held back by the rate limit`,
    text,
    facts,
    color: attention ? 'attention' : undefined,
  };
}
