import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveCard } from '../../src/libs/notify/formats/adaptive-card.ts';
import { loadNotifyConfig, type NotifyConfig } from '../../src/libs/notify/load-notify-config.ts';
import { plain, type Message } from '../../src/libs/notify/message.ts';
import { renderEvent } from '../../src/libs/notify/render-event.ts';
import { maxBytes, targetBody } from '../../src/libs/notify/target-body.ts';
import { cardProblems } from '../support/adaptive-card.ts';
import { branchPush, example, examples } from '../support/examples.ts';

const shipped = join(import.meta.dirname, '../../config/notify.json');
const leftover = /\{[A-Za-z_][\w.-]*(?:\/[\w.-]+)*\}|\$\{/;
const kinds = [
  { type: 'teams', markup: 'mrkdwn' },
  { type: 'messagecard', markup: 'mrkdwn' },
  { type: 'slack', markup: 'mrkdwn' },
  { type: 'slack', markup: 'markdown' },
  { type: 'json', markup: 'mrkdwn' },
] as const;

describe('the shipped templates over every example payload', () => {
  let config: NotifyConfig;
  /** The same templates without their `when`, so that every example is rendered. */
  let always: NotifyConfig;
  beforeAll(async () => {
    config = await loadNotifyConfig(shipped, {});
    always = { ...config, ciEvents: 'all', events: new Map([...config.events].map(([k, t]) => [k, { ...t, when: undefined }])) };
  });

  it('render every example without a leftover placeholder or an expression error', () => {
    let rendered = 0;
    for (const { event, payload } of examples) {
      const forced = renderEvent(always, event, payload);
      if ('skipped' in forced) throw new Error(`${event}: ${forced.skipped}`);
      expect(forced.errors, `${event}.${payload.action}`).toEqual([]);
      const m = forced.message;
      const texts = [m.title, plain(m.text), m.color ?? '', m.url ?? '', ...m.facts.flatMap((f) => [f.title, f.value])];
      for (const text of texts) expect(text, `${event}.${payload.action}`).not.toMatch(leftover);
      expect(m.title.trim(), `${event}.${payload.action}`).not.toBe('');
      rendered++;
    }
    expect(rendered).toBe(examples.length);
    expect(examples.length).toBeGreaterThan(300);
  });

  it('make a Teams card of every example that adaptivecards parses at 1.5 without a problem, within the size limit, and fitting bodies for every other target', () => {
    for (const { event, payload } of examples) {
      const result = renderEvent(always, event, payload);
      if ('skipped' in result) throw new Error(result.skipped);
      for (const kind of kinds) {
        const { body } = targetBody(kind, result.message);
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxBytes[kind.type]);
        if (kind.type === 'teams') expect(cardProblems(JSON.parse(body)), `${event}.${payload.action}`).toEqual([]);
      }
    }
  });

  it('gives events without a template the built-in message: who did what to which thing, where, with a link', () => {
    const payload = example('label');
    const result = renderEvent({ ...config, events: new Map() }, 'label', payload);
    if ('skipped' in result) throw new Error(result.skipped);
    expect(result.template).toBe('(default)');
    const repository = payload.repository as { full_name: string; html_url: string };
    expect(result.message.title).toBe(`Codertocat ${payload.action} label ":bug: Bugfix" in ${repository.full_name}`);
    expect(result.message.url).toBe(repository.html_url);
  });

  it('keeps the card of a payload with huge texts valid and within the limit', () => {
    const payload = example('issues', (p) => p.action === 'opened');
    Object.assign(payload.issue as object, { title: '[x](https://evil.example) '.repeat(3000), body: '**é** _x_ 😀\n'.repeat(40_000) });
    const result = renderEvent(config, 'issues', payload);
    if ('skipped' in result) throw new Error(result.skipped);
    // The body is an excerpt, the title's subject is cut: the card is small without shortening.
    expect(plain(result.message.text)).toBe('é x 😀\né x 😀\né x 😀\né x 😀 …');
    expect(result.message.title.length).toBeLessThan(160);
    const { body, shortened } = targetBody({ type: 'teams', markup: 'mrkdwn' }, result.message);
    expect(shortened).toBe(false);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(2000);
    expect(cardProblems(JSON.parse(body))).toEqual([]);
  });

  it('shortens a message with huge texts to fit, and says so, for every target', () => {
    const payload = branchPush();
    const huge: Message = {
      event: 'push',
      repository: 'acme/widgets',
      title: 'T'.repeat(50_000),
      text: [{ text: 'ä'.repeat(100_000) }, { text: '**[x](y)** '.repeat(5000), bold: true }, { text: 'link', href: 'https://example.com/' + 'p'.repeat(3000) }],
      facts: Array.from({ length: 500 }, (_, i) => ({ title: `fact ${i}`, value: '*'.repeat(2000) })),
      url: (payload.compare as string) ?? 'https://github.com/',
      color: 'attention',
    };
    for (const kind of kinds) {
      const { body, shortened } = targetBody(kind, huge);
      expect(shortened).toBe(true);
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxBytes[kind.type]);
      expect(body).toContain('T'.repeat(30)); // the title's start survives
      if (kind.type === 'teams') expect(cardProblems(JSON.parse(body))).toEqual([]);
    }
    // The whole card is far over the limit before shortening.
    expect(Buffer.byteLength(JSON.stringify(adaptiveCard(huge)))).toBeGreaterThan(maxBytes.teams * 10);
  });
});
