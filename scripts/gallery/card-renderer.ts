import { chromium, type Browser, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Target } from '../../src/libs/notify/load-notify-config.ts';

/** Debian's chromium, as the web page's tests use it: headless, nothing fetched from outside (its proxy is a closed port). */
const chromiumPath = '/usr/bin/chromium';

/** Bidirectional controls: in rendered text they reverse what follows. */
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

export interface RenderedCard {
  /** Undefined when no picture was asked for. */
  png?: Buffer;
  /** The post's height in CSS pixels, the poster's line and the buttons included. */
  height: number;
  /** The card's text as the reader sees it (innerText). */
  text: string;
  /** What the adaptivecards parser and validator reported. */
  warnings: string[];
  /** Elements whose text runs right to left, or text holding a bidirectional control. */
  reversed: string[];
  /** The links a reader can click, in the card's text and its actions. */
  links: string[];
}

/** The shipped formats, as their clients show them: Teams (Adaptive Card), MessageCard, Slack (mrkdwn), Mattermost and Rocket.Chat (Markdown). */
export type Client = 'teams' | 'messagecard' | 'slack' | 'mattermost';

/** The target each client is posted to, as notify.json names it. */
export const clientTargets: Record<Client, Pick<Target, 'type' | 'markup'>> = {
  teams: { type: 'teams', markup: 'mrkdwn' },
  messagecard: { type: 'messagecard', markup: 'mrkdwn' },
  slack: { type: 'slack', markup: 'mrkdwn' },
  mattermost: { type: 'slack', markup: 'markdown' },
};

export interface CardRenderer {
  /**
   * Shows a target's JSON body as its client would. `picture: false` skips the screenshot,
   * the slow part, for a test that reads the text only.
   */
  render(client: Client, body: unknown, options?: { picture?: boolean }): Promise<RenderedCard>;
  close(): Promise<void>;
}

/**
 * Renders posts in Chromium in a chat-like host (chat-host.html), one page reused for every
 * post: Adaptive Cards with the adaptivecards renderer and a Teams-like host config, the other
 * formats in an approximation of their clients.
 */
export async function cardRenderer(): Promise<CardRenderer> {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9'],
  });
  try {
    const page: Page = await browser.newPage({ viewport: { width: 660, height: 400 }, deviceScaleFactor: 1 });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(await readFile(new URL('./chat-host.html', import.meta.url), 'utf8'));
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js') });
    return {
      async render(client, body, { picture = true } = {}) {
        const card = client === 'teams' ? (body as { attachments: Array<{ content: unknown }> }).attachments[0]!.content : body;
        const warnings = await page.evaluate(
          ([c, b]) => {
            const host = globalThis as unknown as Record<string, (body: unknown, markup?: string) => string[]>;
            if (c === 'teams') return host.renderCard!(b);
            if (c === 'messagecard') return host.renderMessageCard!(b);
            return host.renderSlack!(b, c === 'mattermost' ? 'markdown' : 'mrkdwn');
          },
          [client, card] as const,
        );
        const seen = (await page.evaluate('readPost()')) as Pick<RenderedCard, 'height' | 'text' | 'reversed' | 'links'>;
        if (bidiControls.test(seen.text)) seen.reversed.push(`a bidirectional control in: ${seen.text.split('\n').find((l) => bidiControls.test(l))}`);
        const actions = (((card as { actions?: Array<{ url?: string }> }).actions ?? []).map((a) => a.url).filter(Boolean)) as string[];
        if (client === 'messagecard') actions.push(...((card as { potentialAction?: Array<{ targets: Array<{ uri: string }> }> }).potentialAction ?? []).map((a) => a.targets[0]!.uri));
        return { png: picture ? await page.locator('#post').screenshot() : undefined, height: seen.height, text: seen.text, warnings, reversed: seen.reversed, links: [...seen.links, ...actions] };
      },
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
