import { lookupTable } from '../../base/lookup-table.ts';
import { counted } from './events/phrases.ts';
import type { Message, Span } from './message.ts';

/** Lines a digest lists before "and N more": what a reader takes in at a glance. */
const maxLines = 12;

/** Severity by colour, most urgent first; each line shows its own, the card is never tinted. */
const severities = [
  { color: 'attention', icon: '🔴' },
  { color: 'warning', icon: '🟠' },
  { color: 'good', icon: '🟢' },
  { color: 'accent', icon: '🔵' },
];
const rank = (color: string | undefined) => {
  const i = severities.findIndex((s) => s.color === color);
  return i < 0 ? severities.length : i;
};

/** An event's name in words, singular and plural: `pull_request_review` → pull request review(s). */
const named: Readonly<Record<string, [string, string?]>> = lookupTable({ issues: ['issue'], push: ['push', 'pushes'], status: ['status', 'statuses'], watch: ['watch', 'watches'], gollum: ['wiki edit'], public: ['repository made public', 'repositories made public'], repository: ['repository change'], branch_protection_rule: ['branch protection change'] });
function eventInWords(event: string, n: number): string {
  const [one, many] = named[event] ?? [event.replace(/_/g, ' ')];
  return counted(n, one, many ?? `${one}s`);
}

interface Line {
  first: Message;
  count: number;
  rank: number;
}

/**
 * One message for many that waited out a target's rate limit, read in five seconds: the
 * summary first (how many, over which span, per repository), then one line per kind of news,
 * identical ones merged with their count, most urgent first, each with its severity's icon;
 * at most a dozen lines, then how many more.
 */
export function digest(messages: Message[]): Message {
  const lines = new Map<string, Line>();
  for (const m of messages) {
    const key = m.tally?.key ?? `${m.event}\0${m.title}\0${m.url ?? ''}`;
    const line = lines.get(key);
    if (line) {
      line.count++;
      line.rank = Math.min(line.rank, rank(m.color));
    } else lines.set(key, { first: m, count: 1, rank: rank(m.color) });
  }
  const sorted = [...lines.values()].sort((a, b) => a.rank - b.rank);
  const text: Span[] = [{ text: perRepository(messages) }];
  for (const line of sorted.slice(0, maxLines)) {
    const { first, count } = line;
    const icon = severities[line.rank]?.icon ?? first.tally?.icon ?? '▪️';
    const said = count > 1 ? (first.tally ? `${count} ${first.tally.many}` : `${first.title} (${count} times)`) : first.title;
    text.push({ text: `\n${icon} ` }, first.url ? { text: said, href: first.url } : { text: said });
  }
  const rest = sorted.slice(maxLines);
  if (rest.length) {
    const byEvent = new Map<string, number>();
    for (const line of rest) byEvent.set(line.first.event, (byEvent.get(line.first.event) ?? 0) + line.count);
    const more = rest.reduce((n, line) => n + line.count, 0);
    text.push({ text: `\nand ${more} more: ${[...byEvent].map(([event, n]) => eventInWords(event, n)).join(', ')}` });
  }
  return { event: 'digest', title: `${counted(messages.length, 'event')} ${span(messages)}`.trim(), text, facts: [] };
}

/** `18 in Codertocat/Hello-World · 2 in octo-org/octo-repo · 1 outside a repository`, largest first. */
function perRepository(messages: Message[]): string {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.repository ?? '', (counts.get(m.repository ?? '') ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([repository, n]) => (repository ? `${n} in ${repository}` : `${n} outside a repository`))
    .join(' · ');
}

/** `from 09:02 to 09:14 UTC`, `at 09:02 UTC`, with the dates when the span crosses midnight. */
function span(messages: Message[]): string {
  const times = messages.map((m) => m.at).filter((t): t is number => t !== undefined);
  if (!times.length) return '';
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  const sameDay = first.toISOString().slice(0, 10) === last.toISOString().slice(0, 10);
  const show = (d: Date) => `${sameDay ? '' : `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} `}${d.toISOString().slice(11, 16)}`;
  return show(first) === show(last) ? `at ${show(first)} UTC` : `from ${show(first)} to ${show(last)} UTC`;
}
