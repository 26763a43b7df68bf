/**
 * `npm run gallery`: renders the shipped config's Teams card for the gallery's fixed set of
 * example deliveries (scripts/gallery/cases.ts) in Chromium with the adaptivecards renderer,
 * to docs/gallery/*.png, which docs/gallery.md shows. It lives in scripts/, not bench/: it
 * measures nothing, it makes pictures for people to look at; test/notify/gallery.test.ts
 * renders the same set and checks what these pictures show.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadNotifyConfig } from '../src/libs/notify/load-notify-config.ts';
import { targetBody } from '../src/libs/notify/target-body.ts';
import { cardRenderer } from './gallery/card-renderer.ts';
import { galleryCases } from './gallery/cases.ts';

const root = join(import.meta.dirname, '..');
const out = process.argv[2] ?? join(root, 'docs/gallery');

const config = await loadNotifyConfig(join(root, 'config/notify.json'), {});
const renderer = await cardRenderer();
try {
  await mkdir(out, { recursive: true });
  for (const c of galleryCases(config)) {
    const post = JSON.parse(targetBody({ type: 'teams', markup: 'mrkdwn' }, c.message).body);
    const card = await renderer.render(post.attachments[0].content);
    await writeFile(join(out, `${c.name}.png`), card.png);
    console.log(`${c.name}.png: ${Math.round(card.height)} px tall${card.warnings.length ? `, warnings: ${card.warnings.join('; ')}` : ''}`);
  }
} finally {
  await renderer.close();
}
