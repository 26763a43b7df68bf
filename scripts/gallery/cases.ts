import { exampleGroups, pickExample } from '../../src/testing/webhook-examples.ts';
import { describeEvent } from '../../src/libs/notify/describe-event.ts';
import { digest } from '../../src/libs/notify/digest.ts';
import type { NotifyConfig } from '../../src/libs/notify/load-notify-config.ts';
import type { Message } from '../../src/libs/notify/message.ts';
import { renderEvent } from '../../src/libs/notify/render-event.ts';

/** A real example payload (from @octokit/webhooks-examples) by `send --example`'s name, a copy to change. */
function example(name: string): Record<string, unknown> {
  const found = pickExample(exampleGroups(), name);
  if (!found) throw new Error(`no example ${name}`);
  return structuredClone(found.payload);
}

/** The issue body of the user's screenshot: 5.6 KB of Markdown, headings, a code fence, emphasis, links. */
export const longIssueBody = [
  '## Steps to reproduce',
  '1. Save `config/config.json` with a UTF-8 BOM (Notepad does this)',
  '2. Run `npm start`',
  '## Expected',
  'The server starts.',
  '## Actual',
  '```',
  'SyntaxError: Unexpected token \uFEFF in JSON at position 0',
  '    at JSON.parse (<anonymous>)',
  '    at loadConfig (src/config/load.ts:42:17)',
  '```',
  '**Environment**: Windows 11, Node 20.11 — see https://github.com/acme/website/issues/1200 and <https://example.com/x>.',
  `${'More details follow. '.repeat(250).trim()}`,
  'The END marker.',
].join('\n');

/** A title written to fool a reader: a right-to-left override, an entity typed as text, fake links and mentions. */
export const hostileTitle = 'Invoice \u202Efdp.exe\u202C &amp; [click here](https://evil.example/login) <!channel> @everyone <at>admin</at> <a href="https://evil.example">a</a>';

export interface GalleryCase {
  name: string;
  /** What the picture shows, for docs/gallery.md. */
  caption: string;
  message: Message;
}

function rendered(config: NotifyConfig, event: string, payload: Record<string, unknown>): Message {
  const result = renderEvent(config, event, payload);
  if ('skipped' in result) throw new Error(`${event}: ${result.skipped}`);
  return result.message;
}

/**
 * What waits out a Teams rate limit on a busy morning: 21 real example deliveries from 09:02
 * to 09:14 UTC, 16 of them stars, with a failed check, a Dependabot alert and a few more.
 */
export function busyMorning(): Message[] {
  const start = Date.UTC(2026, 11, 5, 9, 2);
  const star = example('star.created');
  const others = [
    describeEvent('check_run', example('check_run.completed')),
    describeEvent('issues', example('issues.opened')),
    describeEvent('pull_request_review', example('pull_request_review.submitted')),
    describeEvent('discussion', example('discussion.created')),
    describeEvent('dependabot_alert', example('dependabot_alert.created')),
  ];
  const stars = Array.from({ length: 16 }, (_, i) => describeEvent('star', { ...star, sender: { ...(star.sender as object), login: `stargazer-${i}` } }));
  return [...others.slice(0, 2), ...stars, ...others.slice(2)].map((m, i, all) => ({ ...m, at: start + Math.round((i / (all.length - 1)) * 12 * 60_000) }));
}

/** The gallery's fixed set, each rendered by the config given (the shipped one): what users get. */
export function galleryCases(config: NotifyConfig): GalleryCase[] {
  const issue = example('issues.opened');
  Object.assign(issue.issue as object, { number: 1347, title: 'Crash on start when config.json has a BOM', body: longIssueBody });
  const hostile = example('issues.opened');
  Object.assign(hostile.issue as object, { title: hostileTitle });
  // The first completed check run of the examples is a failure (its check is named Octocoders-linter).
  const check = example('check_run.completed');
  return [
    { name: 'long-issue', caption: 'An opened issue with a 5.6 KB Markdown body', message: rendered(config, 'issues', issue) },
    { name: 'hostile-title', caption: 'An issue whose title holds a right-to-left override, `&amp;`, fake links and mentions', message: rendered(config, 'issues', hostile) },
    { name: 'ci-failure', caption: 'A failed check run', message: rendered(config, 'check_run', check) },
    { name: 'digest', caption: 'The digest of 21 messages held back by the rate limit, 16 of them stars', message: digest(busyMorning()) },
  ];
}
