import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardRenderer, clientTargets, type CardRenderer, type Client } from '../../scripts/gallery/card-renderer.ts';
import { galleryCases, hostileTitle } from '../../scripts/gallery/cases.ts';
import { maxCardHeight, seenProblems } from '../../scripts/gallery/seen-problems.ts';
import { loadNotifyConfig, type NotifyConfig } from '../../src/libs/notify/load-notify-config.ts';
import { renderEvent } from '../../src/libs/notify/render-event.ts';
import { targetBody } from '../../src/libs/notify/target-body.ts';
import { examples } from '../support/examples.ts';

const shipped = join(import.meta.dirname, '../../config/notify.json');
// Chromium and a busy machine can be slow to start: generous, never tight.
const slow = { timeout: 120_000 };

type Message = Parameters<typeof targetBody>[1];
/** A message's post for a client, as its target gets it. */
const post = (client: Client, message: Message) => JSON.parse(targetBody(clientTargets[client], message).body);
const clients = Object.keys(clientTargets) as Client[];

describe('the gallery: the shipped posts rendered in Chromium as a reader sees them (Teams by adaptivecards)', () => {
  let renderer: CardRenderer;
  let config: NotifyConfig;
  beforeAll(async () => {
    renderer = await cardRenderer();
    config = await loadNotifyConfig(shipped, {});
  }, slow.timeout);
  afterAll(() => renderer?.close());

  it('renders the long issue, the hostile title, the CI failure and the digest on every client without a warning, within the height limit, without raw Markdown or reversed text', slow, async () => {
    for (const c of galleryCases(config)) {
      for (const client of clients) {
        const card = await renderer.render(client, post(client, c.message), { picture: false });
        expect(seenProblems(card), `${c.name} on ${client}`).toEqual([]);
        expect(card.height, `${c.name} on ${client}`).toBeGreaterThan(60);
      }
    }
  });

  it('shows the hostile title as typed, in reading order, with no link or mention of its own', slow, async () => {
    const hostile = galleryCases(config).find((c) => c.name === 'hostile-title')!;
    expect(hostileTitle).toContain('\u202E');
    for (const client of clients) {
      const card = await renderer.render(client, post(client, hostile.message), { picture: false });
      expect(card.text.replace(/\u200b/g, ''), client).toContain('Invoice fdp.exe &amp; [click here](https://evil.example/login) <!channel>');
      expect(card.links.length, client).toBeGreaterThan(0);
      expect(card.links.every((l) => l.startsWith('https://github.com/')), `${client}: ${card.links.join(' ')}`).toBe(true);
    }
  });

  it('says what the long issue and the digest are about in a few lines', slow, async () => {
    const [issue, , check, digest] = galleryCases(config);
    const issueCard = await renderer.render('teams', post('teams', issue!.message));
    expect(issueCard.text).toContain('Codertocat opened issue #1347 "Crash on start when config.json has a BOM" in Codertocat/Hello-World');
    expect(issueCard.text).not.toContain('More details follow. More details follow. More details follow. More details follow.');
    expect((await renderer.render('teams', post('teams', check!.message))).text).toContain('Check "Octocoders-linter" failed');
    const digestCard = await renderer.render('teams', post('teams', digest!.message));
    expect(digestCard.text.split('\n').filter(Boolean).slice(0, 2)).toEqual(['21 events from 09:02 to 09:14 UTC', '19 in Codertocat/Hello-World · 1 in octo-org/octo-repo · 1 in wolfy1339/pika-pack']);
    expect(digestCard.text).toContain('⭐ 16 new stars on Codertocat/Hello-World');
  });

  it(`renders the first example of every event and action through the shipped config within ${maxCardHeight} px, without a warning, raw Markdown or reversed text`, slow, async () => {
    const all: NotifyConfig = { ...config, ciEvents: 'all', events: new Map([...config.events].map(([k, t]) => [k, { ...t, when: undefined }])) };
    const first = new Map(examples.map((e) => [`${e.event}.${e.payload.action ?? ''}`, e] as const).reverse());
    let rendered = 0;
    for (const { event, payload } of first.values()) {
      const result = renderEvent(all, event, payload);
      if ('skipped' in result) throw new Error(`${event}: ${result.skipped}`);
      const card = await renderer.render('teams', post('teams', result.message), { picture: false });
      expect(seenProblems(card), `${event}.${payload.action ?? ''}`).toEqual([]);
      rendered++;
    }
    expect(rendered).toBe(first.size);
    expect(rendered).toBeGreaterThan(150);
  });
});
