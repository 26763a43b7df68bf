import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Journal } from '../../src/intake/journal/journal.ts';
import { example } from '../support/examples.ts';
import { prng } from '../support/prng.ts';
import { startRedis } from '../support/redis.ts';
import { countingHook } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

const secret = 'webhook-secret';
const token = 'ui-token-0123456789';
const password = 'correct horse battery staple';
const hostile = '<img src=x onerror="window.__pwned=1">';

/**
 * Where the screenshots go: the README's (docs/) when GENVOY_UI_SCREENSHOTS=1, else a temporary
 * folder, so that a plain test run leaves the checkout as it was.
 */
const shots = process.env.GENVOY_UI_SCREENSHOTS === '1' ? 'docs' : await mkdtemp(join(tmpdir(), 'genvoy-ui-shots-'));

// The browser and a busy machine can be slow to start: generous, never tight.
const slow = { timeout: 30_000 };

/**
 * Launches Debian's chromium (the test run's global setup installs it): headless, nothing fetched
 * from outside. Its proxy is a closed loopback port, so that anything but loopback (which chromium
 * never sends to a proxy) fails instead of reaching the internet.
 */
function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9'],
  });
}

/** Earlier deliveries, spread over the last 30 days with every outcome, so that both charts have something to show. */
async function seedHistory(journal: Journal): Promise<void> {
  const random = prng(7);
  const now = Date.now();
  // Oldest first, as they would have arrived.
  const times = Array.from({ length: 160 }, () => now - 60_000 - Math.floor(random.next() ** 1.6 * 30 * 86_400_000)).sort((a, b) => a - b);
  for (const [i, at] of times.entries()) {
    const id = `seed-${i}`;
    const repository = random.pick(['acme/website', 'acme/api', 'acme/docs']);
    const routed = random.next() < 0.8;
    const delivery = { id, event: random.pick(['push', 'issues', 'pull_request']), repository, branch: 'main', lane: repository, deletesRef: false, payload: {}, json: Buffer.from('{}') };
    await journal.accept(delivery, {}, routed ? [{ hook: 'seeded', parent: 'seeded' }] : [], at);
    if (routed) {
      const dead = random.next() < 0.12;
      const result = { returncode: dead ? 1 : 0, stdout: '', stderr: '', status: dead ? ('failed' as const) : ('ok' as const), duration_ms: 1 };
      await journal.record(id, 'seeded', result, () => ({ state: dead ? 'dead' : 'ok', nextAt: null }), at + 1000);
    }
  }
}

describe('the web page of deliveries', () => {
  let server: TestServer;
  let browser: Browser;
  let issueId: string;

  beforeAll(async () => {
    server = await startServer(
      { enforce_secret: secret, dispatch: 'async', retry_attempts: 1, ui: { token, password } },
      {
        // Says hello and how often it ran for this delivery: a replay shows as run 2.
        'issues.ts': countingHook(`return { greeting: 'hello from the issues hook', run: n };`),
        // Waits for a flag file: a delivery that stays running, for the 409.
        'issue_comment.ts': `import { existsSync } from 'node:fs';
          export async function handle() {
            while (!existsSync(import.meta.dirname + '/../release')) await new Promise((r) => setTimeout(r, 20));
            return 'released';
          }`,
        'pull_request.ts': `export function handle() { throw new Error('the review bot is down'); }`,
        push: { text: '#!/bin/sh\necho pushed\n', script: true },
      },
    );
    await seedHistory(server.journal());
    const issue = example('issues', (p) => p.action === 'opened');
    const sent = await server.post('issues', issue, { secret });
    expect(sent.status).toBe(202);
    issueId = sent.body.delivery;
    await eventually(() => server.journal().get(issueId)?.state === 'done', 15_000);
    browser = await launch();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots !== 'docs') await rm(shots, { recursive: true, force: true });
  });

  /**
   * A logged-in page, and the errors its console shows: a script that throws, or anything
   * the Content-Security-Policy blocks. (Answers such as the 409 are expected, and not counted.)
   */
  async function loggedIn(viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    await page.goto(`${server.url}/ui`);
    await page.fill('input[name=password]', token);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/ui`, slow);
    return { page, errors };
  }

  it('asks for a login first, and refuses a wrong one without logging the password', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/ui`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await page.fill('input[name=user]', 'admin');
    await page.fill('input[name=password]', 'not the password');
    await page.click('button[type=submit]');
    await page.getByText('wrong user, password or token').waitFor(slow);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    const refused = server.logs().find((line) => line.msg === 'web page: wrong login');
    expect(refused).toMatchObject({ client: '127.0.0.1', user_matched: true });
    expect(JSON.stringify(server.logs())).not.toContain('not the password');

    // The user and password log in as well as the token does.
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/ui`, slow);
    await page.close();
  });

  it('answers its API only with a session, and changes only with its own header', async () => {
    expect((await fetch(`${server.url}/ui/api/deliveries`)).status).toBe(401);
    expect((await fetch(`${server.url}/ui/api/deliveries/${issueId}/replay`, { method: 'POST', headers: { 'x-genvoy-ui': '1' } })).status).toBe(401);
    const login = await fetch(`${server.url}/ui/login`, { method: 'POST', headers: { 'x-genvoy-ui': '1' }, body: JSON.stringify({ password: token }) });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    expect((await fetch(`${server.url}/ui/api/deliveries`, { headers: { cookie: session } })).status).toBe(200);
    // A form posted from another site carries no custom header: refused before anything runs.
    expect((await fetch(`${server.url}/ui/api/deliveries/${issueId}/replay`, { method: 'POST', headers: { cookie: session } })).status).toBe(403);
    const logout = await fetch(`${server.url}/ui/logout`, { method: 'POST', headers: { cookie: session, 'x-genvoy-ui': '1' } });
    expect(logout.status).toBe(204);
    expect((await fetch(`${server.url}/ui/api/deliveries`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('lists the delivery, shows its payload and hook output, and runs it again', async () => {
    const { page, errors } = await loggedIn();
    const payloadAsked: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(`/api/deliveries/${issueId}/payload`)) payloadAsked.push(request.url());
    });
    const row = page.locator(`a[data-id="${issueId}"]`);
    await row.waitFor(slow);
    await expect(row.textContent()).resolves.toContain('issues');
    await row.click();
    const run = page.locator('.run[data-hook="issues"]');
    await run.locator('.stdout', { hasText: '"run":1' }).waitFor(slow);
    await expect(run.textContent()).resolves.toContain('hello from the issues hook');
    await expect(run.textContent()).resolves.toContain('attempts 1');
    // A folded node's children are made when it is first opened, not before.
    const title = page.locator('.tree .key', { hasText: 'title' });
    expect(await title.count()).toBe(0);
    await page.locator('.tree summary', { hasText: 'issue' }).first().click();
    await title.first().waitFor({ state: 'visible', ...slow });

    await page.click('button.again');
    await page.getByText('Running again: issues').waitFor(slow);
    // The page polls: the second run's result appears without a reload.
    await run.locator('.stdout', { hasText: '"run":2' }).waitFor(slow);
    // Polls asked for the delivery's state and hooks again, and left its payload (and what was unfolded) alone.
    expect(payloadAsked).toHaveLength(1);
    await title.first().waitFor({ state: 'visible', ...slow });

    await page.screenshot({ path: join(shots, 'ui.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('says so when a delivery is still running', async () => {
    const sent = await server.post('issue_comment', example('issue_comment'), { secret });
    expect(sent.status).toBe(202);
    const { page } = await loggedIn();
    await page.goto(`${server.url}/ui#/d/${sent.body.delivery}`);
    await page.locator('.run[data-hook="issue_comment"] .badge', { hasText: 'pending' }).waitFor(slow);
    await page.click('button.again');
    await page.getByText('Still running: run it again once its hooks have finished.').waitFor(slow);
    await writeFile(join(server.dir, 'release'), '');
    await page.locator('.run[data-hook="issue_comment"] .stdout', { hasText: 'released' }).waitFor(slow);
    await page.close();
  }, 60_000);

  it('shows a hostile payload as text, never as markup', async () => {
    const issue = example('issues', (p) => p.action === 'opened');
    (issue.issue as Record<string, unknown>).title = hostile;
    const sent = await server.post('issues', issue, { secret });
    const { page, errors } = await loggedIn();
    await page.goto(`${server.url}/ui#/d/${sent.body.delivery}`);
    await page.locator('.tree summary', { hasText: 'issue' }).first().click();
    await page.getByText(JSON.stringify(hostile)).waitFor({ state: 'visible', ...slow });
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('lists the hooks with the file behind each', async () => {
    const { page } = await loggedIn();
    const hook = page.locator('.hook', { hasText: 'issues.ts' });
    await hook.waitFor(slow);
    await expect(hook.textContent()).resolves.toMatch(/module.*loaded/);
    await expect(page.locator('.hook', { hasText: 'push' }).textContent()).resolves.toContain('script');
    await page.close();
  }, 60_000);

  it('fits a phone without sideways scrolling', async () => {
    const { page, errors } = await loggedIn({ width: 390, height: 844 });
    await page.goto(`${server.url}/ui#/d/${issueId}`);
    await page.locator('.run[data-hook="issues"]').waitFor(slow);
    // Evaluated in the browser, as text: the tests are type-checked without the DOM.
    const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>('({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth })');
    expect(scroll).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(shots, 'ui-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the session cookie', () => {
  it('is Secure when a trusted proxy says the request came over HTTPS', async () => {
    const server = await startServer({ ui: { token }, trusted_proxies: ['127.0.0.1/32'] });
    try {
      const login = (headers: Record<string, string>) =>
        fetch(`${server.url}/ui/login`, { method: 'POST', headers: { 'x-genvoy-ui': '1', ...headers }, body: JSON.stringify({ password: token }) });
      expect((await login({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(/; Secure/);
      expect((await login({})).headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      await server.stop();
    }
  });

  it('is not Secure when a proxy that is not trusted says so', async () => {
    const server = await startServer({ ui: { token } });
    try {
      const login = await fetch(`${server.url}/ui/login`, {
        method: 'POST',
        headers: { 'x-genvoy-ui': '1', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ password: token }),
      });
      expect(login.status).toBe(204);
      expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);
      expect(login.headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      await server.stop();
    }
  });
});

describe('the web page switched off', () => {
  it('does not exist without a token or password, and says how to turn it on', async () => {
    const server = await startServer();
    try {
      const res = await fetch(`${server.url}/ui`);
      expect(res.status).toBe(404);
      expect((await fetch(`${server.url}/ui/api/deliveries`)).status).toBe(404);
      expect(server.logs().map((line) => line.msg)).toContain(
        'the web page (/ui) is off: set ui.token, or ui.password (or GENVOY_UI_TOKEN / GENVOY_UI_PASSWORD), to turn it on',
      );
    } finally {
      await server.stop();
    }
  });

  it('is off with a Redis queue, which keeps no journal to show', async () => {
    const redis = await startRedis();
    const server = await startServer({ ui: { token }, queue: { type: 'redis', url: redis.url } });
    try {
      expect((await fetch(`${server.url}/ui`)).status).toBe(404);
      expect(server.logs().map((line) => line.msg)).toContain('the web page (/ui) needs the embedded journal: it is off with a Redis queue');
    } finally {
      await server.stop();
      await redis.stop();
    }
  });
});
