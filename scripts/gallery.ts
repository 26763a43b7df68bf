/**
 * `npm run gallery`: renders the shipped config's posts for the gallery's fixed set of example
 * deliveries (scripts/gallery/cases.ts) in Chromium, the Teams card with the adaptivecards
 * renderer, MessageCard, Slack and Mattermost as their clients lay them out, to
 * docs/gallery/*.png, which docs/gallery.md shows. It lives in scripts/, not bench/: it
 * measures nothing, it makes pictures for people to look at; test/notify/gallery.test.ts
 * renders the same set and checks what these pictures show.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadNotifyConfig } from '../src/libs/notify/load-notify-config.ts';
import { targetBody } from '../src/libs/notify/target-body.ts';
import { cardRenderer, clientTargets, type Client } from './gallery/card-renderer.ts';
import { galleryCases } from './gallery/cases.ts';

const root = join(import.meta.dirname, '..');
const out = process.argv[2] ?? join(root, 'docs/gallery');

const config = await loadNotifyConfig(join(root, 'config/notify.json'), {});
const renderer = await cardRenderer();
try {
  await mkdir(out, { recursive: true });
  for (const c of galleryCases(config)) {
    for (const [client, target] of Object.entries(clientTargets) as Array<[Client, (typeof clientTargets)[Client]]>) {
      const card = await renderer.render(client, JSON.parse(targetBody(target, c.message).body));
      const file = `${c.name}-${client}.png`;
      await writeFile(join(out, file), card.png!);
      console.log(`${file}: ${Math.round(card.height)} px tall${card.warnings.length ? `, warnings: ${card.warnings.join('; ')}` : ''}`);
    }
  }
} finally {
  await renderer.close();
}
