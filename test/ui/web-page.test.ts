import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Journal } from '../../src/intake/journal/journal.ts';
import { toDelivery } from '../../src/pipeline/parse/delivery.ts';
import { example } from '../support/examples.ts';
import { prng } from '../support/prng.ts';
import { startRedis } from '../support/redis.ts';
import { countingHook, runs } from '../support/runs.ts';
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

/** The seeded deliveries' senders and repositories, by delivery id: what searches should find. */
type Seeded = Array<{ id: string; sender: string; repository: string; title: string }>;

/** The one seeded delivery with this title. */
const uniqueTitle = 'Crash when the flux capacitor overheats';

/**
 * Earlier deliveries, spread over the last 30 days with every outcome, so that both charts have
 * something to show and the list has more than a page (160 of them).
 */
async function seedHistory(journal: Journal): Promise<Seeded> {
  const random = prng(7);
  const now = Date.now();
  const seeded: Seeded = [];
  // Oldest first, as they would have arrived.
  const times = Array.from({ length: 160 }, () => now - 60_000 - Math.floor(random.next() ** 1.6 * 30 * 86_400_000)).sort((a, b) => a - b);
  for (const [i, at] of times.entries()) {
    const id = `seed-${i}`;
    const repository = random.pick(['website', 'api', 'docs']);
    const sender = random.pick(['octocat', 'monalisa', 'hubot']);
    const event = random.pick(['push', 'issues', 'pull_request']);
    const title = i === 42 ? uniqueTitle : `Seeded ${event} number ${i}`;
    const payload = { sender: { login: sender }, repository: { name: repository, full_name: `acme/${repository}` }, issue: { title } };
    seeded.push({ id, sender, repository, title });
    const routed = random.next() < 0.8;
    const delivery = toDelivery({ event, id }, payload, Buffer.from(JSON.stringify(payload)));
    await journal.accept(delivery, {}, routed ? [{ hook: 'seeded', parent: 'seeded' }] : [], at);
    if (routed) {
      const dead = random.next() < 0.12;
      const result = { returncode: dead ? 1 : 0, stdout: '', stderr: '', status: dead ? ('failed' as const) : ('ok' as const), duration_ms: 1 };
      await journal.record(id, 'seeded', result, () => ({ state: dead ? 'dead' : 'ok', nextAt: null }), at + 1000);
    }
  }
  return seeded;
}

/** A time as the page shows it in a zone (dom.js's `when`), in the browser's locale (en-US). */
function shownAs(ms: number, timeZone: string): string {
  const day = (date: Date) => date.toLocaleDateString('en-US', { timeZone });
  const date = new Date(ms);
  return day(date) === day(new Date())
    ? date.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone })
    : date.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}

describe('the web page of deliveries', () => {
  let server: TestServer;
  let browser: Browser;
  let issueId: string;
  let seeded: Seeded;

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
        // A pull request runs a hook that fails and one that succeeds: "failed hooks only" runs the first alone.
        'pull_request.ts': countingHook(`throw new Error('the review bot is down');`),
        'pull_request+notes.ts': countingHook(`return 'noted';`),
        push: { text: '#!/bin/sh\necho pushed\n', script: true },
      },
    );
    seeded = await seedHistory(server.journal());
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
    // A zone an hour or two from UTC, so that UTC and local times differ.
    const page = await browser.newPage({ viewport, timezoneId: 'Europe/Berlin', locale: 'en-US' });
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
    const run = page.locator('#runs .run[data-hook="issues"]');
    await run.locator('.stdout', { hasText: '"run":1' }).waitFor(slow);
    await expect(run.textContent()).resolves.toContain('hello from the issues hook');
    await expect(run.textContent()).resolves.toContain('attempts 1');
    // A folded node's children are made when it is first opened, not before.
    const title = page.locator('.tree .key', { hasText: 'title' });
    expect(await title.count()).toBe(0);
    await page.locator('.tree summary', { hasText: 'issue' }).first().click();
    await title.first().waitFor({ state: 'visible', ...slow });

    await page.click('button.again');
    await page.click('#again-all');
    await page.getByText('Running again: issues').waitFor(slow);
    // The page polls: the second run's result appears without a reload, and the first stays in the history.
    await run.locator('.stdout', { hasText: '"run":2' }).waitFor(slow);
    await page.locator('.history [data-run="1"] .run[data-hook="issues"] .stdout', { hasText: '"run":1' }).waitFor(slow);
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
    await page.click('#again-all');
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

  it('shows how many deliveries match, and more of them on demand', async () => {
    const { page, errors } = await loggedIn();
    const total = server.journal().find({ limit: 1 }).total;
    expect(total).toBeGreaterThan(100);
    const rows = page.locator('#deliveries a.row');
    await page.locator('#list-count', { hasText: `100 of ${total}` }).waitFor(slow);
    expect(await rows.count()).toBe(100);
    await page.click('#more');
    const shown = Math.min(total, 200);
    await page.locator('#list-count', { hasText: `${shown} of ${total}` }).waitFor(slow);
    expect(await rows.count()).toBe(shown);
    // The oldest seeded delivery is on the second page, and stays through the next poll (every 3 s).
    const oldest = page.locator('a[data-id="seed-0"]');
    await oldest.waitFor(slow);
    await page.waitForTimeout(3500);
    expect(await oldest.count()).toBe(1);
    expect(await rows.count()).toBe(shown);
    expect(await page.locator('#more').isHidden()).toBe(shown === total);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('finds deliveries by sender, title, repository and delivery id', async () => {
    const { page, errors } = await loggedIn();
    const search = page.locator('input[name=search]');
    const listed = async () => page.locator('#deliveries a.row').evaluateAll((links) => links.map((a) => a.getAttribute('data-id')));
    const expectFound = async (text: string, ids: string[]) => {
      await search.fill(text);
      await page.locator('#list-count', { hasText: `${Math.min(ids.length, 100)} of ${ids.length}` }).waitFor(slow);
      expect(new Set(await listed())).toEqual(new Set(ids.slice(0, 100)));
    };
    const seedsWith = (key: 'sender' | 'repository', value: string) => seeded.filter((d) => d[key] === value).map((d) => d.id);
    await page.locator('#deliveries a.row').first().waitFor(slow);
    await expectFound('monalisa', seedsWith('sender', 'monalisa').reverse());
    await expectFound('flux capacitor', ['seed-42']);
    await expectFound('website', seedsWith('repository', 'website').reverse());
    await expectFound(issueId.slice(0, 13), [issueId]);
    // Two words: both must be found (each as the start of a word); a word too short to look up is refused, with why.
    await expectFound('website monalisa', seeded.filter((d) => d.repository === 'website' && d.sender === 'monalisa').map((d) => d.id).reverse());
    await search.fill('website m');
    await page.getByText('"m" is too short').waitFor(slow);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows every time in one zone, UTC or local, labelled, and remembers the choice', async () => {
    const { page, errors } = await loggedIn();
    const received = server.journal().get(issueId)!.received_at;
    await page.goto(`${server.url}/ui#/d/${issueId}`);
    const rowTime = page.locator(`a[data-id="${issueId}"] time`);
    const detailTime = page.locator('.facts time');
    await page.locator('.facts dt', { hasText: 'received, UTC' }).waitFor(slow);
    await expect(rowTime.textContent()).resolves.toBe(shownAs(received, 'UTC'));
    await expect(detailTime.textContent()).resolves.toBe(shownAs(received, 'UTC'));
    const captions = () => page.locator('figcaption').allTextContents();
    expect(await captions()).toEqual(['Last 24 hours, by hour, UTC', 'Last 30 days, by day, UTC']);
    const dayLabels = async () => page.locator('#chart-day text.axis').allTextContents();
    const utcLabels = await dayLabels();

    await page.selectOption('#zone', 'local');
    await page.locator('.facts dt', { hasText: 'received, local (Europe/Berlin)' }).waitFor(slow);
    await expect(rowTime.textContent()).resolves.toBe(shownAs(received, 'Europe/Berlin'));
    await expect(detailTime.textContent()).resolves.toBe(shownAs(received, 'Europe/Berlin'));
    expect(shownAs(received, 'Europe/Berlin')).not.toBe(shownAs(received, 'UTC'));
    expect(await captions()).toEqual(['Last 24 hours, by hour, local (Europe/Berlin)', 'Last 30 days, by day, local (Europe/Berlin)']);
    await expect.poll(dayLabels, slow).not.toEqual(utcLabels);

    await page.reload();
    await page.locator('.facts dt', { hasText: 'received, local (Europe/Berlin)' }).waitFor(slow);
    expect(await page.locator('#zone').inputValue()).toBe('local');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('asks before running again, runs only the failed hooks if asked to, and keeps the earlier run', async () => {
    const sent = await server.post('pull_request', example('pull_request', (p) => p.action === 'opened'), { secret });
    expect(sent.status).toBe(202);
    const id: string = sent.body.delivery;
    await eventually(() => server.journal().get(id)?.state === 'dead', 15_000);
    const { page, errors } = await loggedIn();
    const replays: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/replay')) replays.push(request.url());
    });
    await page.goto(`${server.url}/ui#/d/${id}`);
    await page.locator('.run[data-hook="pull_request"] .badge', { hasText: 'dead' }).waitFor(slow);
    const dialog = page.locator('#again-dialog');

    await page.click('button.again');
    await dialog.waitFor({ state: 'visible', ...slow });
    await expect(page.locator('#again-failed').textContent()).resolves.toBe('Failed hooks only (1)');
    await page.click('#again-cancel');
    await dialog.waitFor({ state: 'hidden', ...slow });
    await page.waitForTimeout(500);
    expect(replays).toEqual([]);

    await page.click('button.again');
    await page.screenshot({ path: join(shots, 'ui-again.png') });
    await page.click('#again-failed');
    await page.getByText('Running again: pull_request').waitFor(slow);
    expect(replays).toHaveLength(1);
    expect(replays[0]).toMatch(/\?hooks=failed$/);
    await page.locator('#runs .run[data-hook="pull_request"] .badge', { hasText: 'dead' }).waitFor(slow);
    await eventually(() => server.journal().get(id)?.state === 'dead', 15_000);
    const ran = runs(server.dir).filter(([delivery]) => delivery === id).map(([, hook]) => hook);
    expect(ran.sort()).toEqual(['pull_request', 'pull_request', 'pull_request+notes']);
    // Both runs show: this one (the notes hook kept its result), and the first in the history.
    await page.locator('h3', { hasText: 'Hooks, run 2' }).waitFor(slow);
    const earlier = page.locator('.history [data-run="1"]');
    await earlier.locator('.run[data-hook="pull_request"] .badge', { hasText: 'dead' }).waitFor(slow);
    await earlier.locator('.run[data-hook="pull_request+notes"] .badge', { hasText: 'ok' }).waitFor(slow);
    await expect(page.locator('#runs .run[data-hook="pull_request+notes"]').textContent()).resolves.toContain('attempts 1');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('on a phone, opens a delivery on its own screen, and goes back to the list', async () => {
    const { page, errors } = await loggedIn({ width: 390, height: 844 });
    const row = page.locator(`a[data-id="${issueId}"]`);
    await row.waitFor(slow);
    const list = page.locator('section.list');
    const detail = page.locator('#runs .run[data-hook="issues"]');
    expect(await detail.isVisible()).toBe(false);
    await row.click();
    await detail.waitFor({ state: 'visible', ...slow });
    expect(await list.isVisible()).toBe(false);
    // The detail is on screen, not below a list.
    const top = await page.locator('.detail-head').boundingBox();
    expect(top!.y).toBeLessThan(844);
    // Evaluated in the browser, as text: the tests are type-checked without the DOM.
    const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>('({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth })');
    expect(scroll).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(shots, 'ui-phone.png') });

    // The browser's back button returns to the list, and so does the page's own.
    await page.goBack();
    await row.waitFor({ state: 'visible', ...slow });
    expect(await detail.isVisible()).toBe(false);
    await row.click();
    await detail.waitFor({ state: 'visible', ...slow });
    await page.click('#back');
    await row.waitFor({ state: 'visible', ...slow });
    expect(new URL(page.url()).hash).not.toMatch(/^#\/d\//);
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
