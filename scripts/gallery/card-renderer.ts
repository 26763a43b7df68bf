import { chromium, type Browser, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

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

export interface CardRenderer {
  /** `picture: false` skips the screenshot, the slow part, for a test that reads the text only. */
  render(card: unknown, options?: { picture?: boolean }): Promise<RenderedCard>;
  close(): Promise<void>;
}

/**
 * Renders Adaptive Cards as Teams would show them: the adaptivecards renderer in Chromium, in a
 * Teams-like host (teams-host.html), one page reused for every card.
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
    await page.setContent(await readFile(new URL('./teams-host.html', import.meta.url), 'utf8'));
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js') });
    return {
      async render(card, { picture = true } = {}) {
        const warnings = await page.evaluate((c) => (window as unknown as { renderCard: (c: unknown) => string[] }).renderCard(c), card);
        const post = page.locator('#post');
        const seen = await post.evaluate((element) => {
          const reversed: string[] = [];
          for (const e of element.querySelectorAll('*')) {
            if (getComputedStyle(e).direction === 'rtl' || e.getAttribute('dir') === 'rtl') reversed.push((e as HTMLElement).innerText.slice(0, 80));
          }
          const links = [...element.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '');
          return { height: element.getBoundingClientRect().height, text: (element.querySelector('#card') as HTMLElement).innerText, reversed, links };
        });
        if (bidiControls.test(seen.text)) seen.reversed.push(`a bidirectional control in: ${seen.text.split('\n').find((l) => bidiControls.test(l))}`);
        const actions = (((card as { actions?: Array<{ url?: string }> }).actions ?? []).map((a) => a.url).filter(Boolean)) as string[];
        return { png: picture ? await post.screenshot() : undefined, height: seen.height, text: seen.text, warnings, reversed: seen.reversed, links: [...seen.links, ...actions] };
      },
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
