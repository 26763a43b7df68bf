import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReconcileCommand, type ReconcileCommandOptions, type ReconcileIo } from '../../src/commands/reconcile.ts';
import type { Attempt } from '../../src/ops/reconcile/decide.ts';
import { attempt, gitHubDeliveries, type GitHubDeliveries, type GitHubDeliveriesOptions } from '../support/github-deliveries.ts';

const token = 'ghp_reconcileTestToken0123456789';

/** Newest first, three a page: four pages, of which the fourth lies wholly before --since 3d. */
const hookLog: Attempt[] = [
  attempt(110, 'ok-journaled', 10, 200),
  attempt(109, 'redelivered-ok', 20, 200, { redelivery: true }),
  attempt(108, 'failed-twice', 30, 502, { redelivery: true }),
  attempt(107, 'not-journaled', 40, 200, { event: 'issues', action: 'opened' }),
  attempt(106, 'redelivered-ok', 60, 504),
  attempt(105, 'failed-twice', 70, 0),
  attempt(104, 'sent-while-down', 2000, 0),
  attempt(103, 'too-old', 5000, 500),
  attempt(102, 'too-old-2', 6000, 500),
  attempt(101, 'too-old-3', 7000, 500),
  attempt(100, 'too-old-4', 8000, 500),
];
const journal = new Set(['ok-journaled', 'redelivered-ok', 'failed-twice']);

const running: GitHubDeliveries[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gh) => gh.close()));
});

async function start(options: Partial<GitHubDeliveriesOptions> = {}): Promise<GitHubDeliveries> {
  const gh = await gitHubDeliveries({ attempts: hookLog, ...options });
  running.push(gh);
  return gh;
}

/** A clock that records the waits asked of it instead of waiting. */
function fakeClock(now: number) {
  const waits: number[] = [];
  return { waits, now: () => now, sleep: async (ms: number) => void waits.push(ms) };
}

/** Answers the first `times` requests that `match` with `answer`, then lets them through. */
function refuse(times: number, match: (method: string, url: string) => boolean, answer: { status: number; headers: Record<string, string> }) {
  let left = times;
  return (req: { method?: string; url?: string }) => (left > 0 && match(req.method ?? '', req.url ?? '') && left-- > 0 ? { ...answer, body: { message: 'API rate limit exceeded' } } : undefined);
}

/** `genvoy reconcile` through the command's function, with a config file holding `reconcile`. */
async function reconcileWith({ api_url, ...reconcile }: Record<string, unknown>, options: Partial<ReconcileCommandOptions> = {}, io: Partial<ReconcileIo> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-reconcile-'));
  // The hooks' connection (github_api_url, github_token); a test that passes its own env takes the old way (reconcile.token_env).
  const config = { reconcile, ...(api_url !== undefined && { github_api_url: api_url }), ...(io.env === undefined && { github_token: token }) };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  let out = '';
  let err = '';
  const code = await runReconcileCommand(
    { config: join(dir, 'config.json'), ...options },
    { env: {}, out: (t) => (out += t), err: (t) => (err += t), known: () => journal, ...io },
  );
  return { code, out, err };
}

describe('genvoy reconcile (the command, with a journal passed in)', () => {
  it('redelivers exactly the deliveries that failed on GitHub or never reached the journal, each once through its latest attempt', async () => {
    const gh = await start();
    const { code, out, err } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(gh.redelivered()).toEqual([108, 107, 104]);
    expect(gh.requests.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual([
      '/repos/octo/site/hooks/42/deliveries/108/attempts',
      '/repos/octo/site/hooks/42/deliveries/107/attempts',
      '/repos/octo/site/hooks/42/deliveries/104/attempts',
    ]);
    expect(out).toMatch(/^reconcile repos\/octo\/site\/hooks\/42 at http:\/\/127\.0\.0\.1:\d+\n/);
    expect(out).toMatch(/listed 7 attempts of 5 deliveries since \S+ \(3 pages\)/);
    expect(out).toContain('redelivered failed-twice push (502 "Invalid HTTP Response: 502"; failed on GitHub)');
    expect(out).toContain('redelivered not-journaled issues.opened (200 "OK"; not in the journal)');
    expect(out).toContain('redelivered sent-while-down push (0 "failed to connect"; failed on GitHub, not in the journal)');
    expect(out).toMatch(/\n2 succeeded and in the journal, 3 redelivered, 0 failed, 0 given up\n$/);
  });

  it('pages with per_page=100 through the Link cursor and stops at the page that reaches past --since', async () => {
    const gh = await start();
    await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url });
    expect(gh.listed().map((r) => r.url)).toEqual([
      '/repos/octo/site/hooks/42/deliveries?per_page=100',
      '/repos/octo/site/hooks/42/deliveries?per_page=100&cursor=3',
      '/repos/octo/site/hooks/42/deliveries?per_page=100&cursor=6',
    ]);
    // A wider window reads the fourth page too, and redelivers what it finds there.
    gh.requests.length = 0;
    const wider = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url }, { since: '7d' });
    expect(gh.listed()).toHaveLength(4);
    expect(gh.redelivered()).toEqual([108, 107, 104, 103, 102, 101, 100]);
    expect(wider.out).toMatch(/listed 11 attempts of 9 deliveries since \S+ \(4 pages\)/);
  });

  it('sends the token on every request and never prints it', async () => {
    const gh = await start();
    const { out, err } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url });
    expect(gh.requests.length).toBe(6);
    for (const request of gh.requests) expect(request.headers.authorization).toBe(`token ${token}`);
    expect(out + err).not.toContain(token);
    expect(out + err).not.toContain(token.slice(4, 20));
  });

  it('with --dry-run decides and reports, but asks GitHub to redeliver nothing', async () => {
    const gh = await start();
    const { code, out } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url }, { dryRun: true });
    expect(code).toBe(0);
    expect(gh.redelivered()).toEqual([]);
    expect(out).toContain('(dry run: nothing is redelivered)');
    expect(out).toContain('would redeliver failed-twice push');
    expect(out).toContain('would redeliver not-journaled issues.opened');
    expect(out).toMatch(/2 succeeded and in the journal, 3 to redeliver \(dry run\), 0 given up\n$/);
  });

  it('talks to GitHub Enterprise Server under its /api/v3 base URL: an organisation hook, and an app hook with a JWT as bearer', async () => {
    const gh = await start();
    const org = await reconcileWith({ hook: 'orgs/octo/hooks/7', api_url: `${gh.url}/api/v3/` });
    expect(org.code).toBe(0);
    expect(gh.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v3/orgs/octo/hooks/7/deliveries?per_page=100',
      'GET /api/v3/orgs/octo/hooks/7/deliveries?per_page=100&cursor=3',
      'GET /api/v3/orgs/octo/hooks/7/deliveries?per_page=100&cursor=6',
      'POST /api/v3/orgs/octo/hooks/7/deliveries/108/attempts',
      'POST /api/v3/orgs/octo/hooks/7/deliveries/107/attempts',
      'POST /api/v3/orgs/octo/hooks/7/deliveries/104/attempts',
    ]);
    gh.requests.length = 0;
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl';
    const app = await reconcileWith({ hook: 'orgs/octo/hooks/7', token_env: 'APP_JWT' }, { hook: 'app', apiUrl: `${gh.url}/api/v3` }, { env: { APP_JWT: jwt } });
    expect(app.code).toBe(0);
    expect(gh.requests[0]).toMatchObject({ method: 'GET', url: '/api/v3/app/hook/deliveries?per_page=100', headers: { authorization: `bearer ${jwt}` } });
    expect(gh.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/v3/app/hook/deliveries/104/attempts' });
    expect(app.out).not.toContain(jwt);
  });

  it('goes on after a redelivery GitHub refuses, reports it, and exits 1', async () => {
    const gh = await start({ intercept: (req) => (req.method === 'POST' && req.url?.includes('/107/') ? { status: 422, body: { message: 'Validation Failed' } } : undefined) });
    const { code, out } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url });
    expect(code).toBe(1);
    expect(gh.redelivered()).toEqual([108, 107, 104]);
    expect(out).toMatch(/FAILED to redeliver not-journaled issues\.opened \(.*\): GitHub answered 422 \(POST http:\/\/127\.0\.0\.1:\d+\/repos\/octo\/site\/hooks\/42\/deliveries\/107\/attempts\): Validation Failed/);
    expect(out).toContain('redelivered sent-while-down');
    expect(out).toMatch(/2 redelivered, 1 failed/);
  });

  it('gives up on a delivery GitHub already attempted max_attempts times', async () => {
    const gh = await start();
    const { code, out } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url, max_attempts: 2 });
    expect(code).toBe(0);
    expect(gh.redelivered()).toEqual([107, 104]);
    expect(out).toContain('gave up on failed-twice push (502 "Invalid HTTP Response: 502"; failed on GitHub): GitHub tried it 2 times');
  });

  it('stops with exit 1 when GitHub cannot be read, and exit 2 when the config lacks what it needs', async () => {
    const gh = await start({ intercept: () => ({ status: 401, body: { message: 'Bad credentials' } }) });
    const refused = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^genvoy: reconcile stopped: GitHub answered 401 \(GET http:\/\/127\.0\.0\.1:\d+\/repos\/octo\/site\/hooks\/42\/deliveries\?per_page=100\): Bad credentials\n$/);
    const unreachable = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: 'http://127.0.0.1:1' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/reconcile stopped: cannot reach GitHub \(GET http:\/\/127\.0\.0\.1:1\/repos/);
    const noJournal = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: (await start()).url }, {}, { known: () => { throw new Error('journal not available'); } });
    expect(noJournal).toMatchObject({ code: 1, err: 'genvoy: reconcile stopped: journal not available\n' });
    const noHook = await reconcileWith({ api_url: gh.url });
    expect(noHook).toMatchObject({ code: 2, out: '' });
    expect(noHook.err).toMatch(/no hook to reconcile/);
    const noToken = await reconcileWith({ hook: 'app' }, {}, { env: {} });
    expect(noToken).toMatchObject({ code: 2, err: expect.stringMatching(/reconcile has no credentials for app: the App's hook is read as the App: set "github_app"/) });
    const badSince = await reconcileWith({ hook: 'app' }, { since: 'Tuesday' });
    expect(badSince).toMatchObject({ code: 2, err: expect.stringMatching(/--since "Tuesday": expected/) });
  });

  it('stops, redelivering nothing, on a list entry it cannot read', async () => {
    const broken = { ...attempt(99, 'x', 1, 500), guid: undefined, delivered_at: 'yesterday' } as unknown as Attempt;
    const gh = await start({ attempts: [hookLog[0]!, broken, ...hookLog.slice(1)] });
    const { code, err } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url });
    expect(code).toBe(1);
    expect(err).toMatch(/^genvoy: reconcile stopped: GitHub's list of deliveries has an entry reconcile cannot read \(page 1\): guid: .*; delivered_at: expected a date\n$/);
    expect(gh.redelivered()).toEqual([]);
  });

  describe("GitHub's rate limits", () => {
    it('waits as long as retry-after says and goes on', async () => {
      const clock = fakeClock(Date.now());
      const gh = await start({ intercept: refuse(1, (method) => method === 'GET', { status: 429, headers: { 'retry-after': '7' } }) });
      const { code } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url }, {}, { clock });
      expect(code).toBe(0);
      expect(clock.waits).toEqual([7000]);
      expect(gh.listed().map((r) => r.url)).toEqual([
        '/repos/octo/site/hooks/42/deliveries?per_page=100',
        '/repos/octo/site/hooks/42/deliveries?per_page=100',
        '/repos/octo/site/hooks/42/deliveries?per_page=100&cursor=3',
        '/repos/octo/site/hooks/42/deliveries?per_page=100&cursor=6',
      ]);
      expect(gh.redelivered()).toEqual([108, 107, 104]);
    });

    it('waits until x-ratelimit-reset when no requests are left, then redelivers', async () => {
      const now = Date.parse('2026-11-29T12:00:00Z');
      const clock = fakeClock(now);
      const reset = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) };
      const gh = await start({ intercept: refuse(1, (method) => method === 'POST', { status: 403, headers: reset }) });
      const { code } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url }, {}, { clock });
      expect(code).toBe(0);
      expect(clock.waits).toEqual([30_000]);
      expect(gh.redelivered()).toEqual([108, 108, 107, 104]);
    });

    it('stops with a clear message instead of waiting longer than max_wait_s, and tries no more redeliveries', async () => {
      const clock = fakeClock(Date.parse('2026-11-29T12:00:00Z'));
      const longWait = { status: 403, headers: { 'retry-after': '3600' } };
      const listing = await start({ intercept: refuse(1, (method) => method === 'GET', longWait) });
      const stopped = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: listing.url, max_wait_s: 60 }, {}, { clock });
      expect(stopped.code).toBe(1);
      expect(stopped.err).toBe(
        "genvoy: reconcile stopped: GitHub's rate limit: it asks to wait 3600 s (until 2026-11-29T13:00:00.000Z), more than the 60 s left of reconcile.max_wait_s; try again later\n",
      );
      expect(clock.waits).toEqual([]);
      expect(listing.requests).toHaveLength(1);

      const redelivering = await start({ intercept: refuse(1, (method) => method === 'POST', longWait) });
      const partly = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: redelivering.url }, {}, { clock });
      expect(partly.code).toBe(1);
      expect(redelivering.redelivered()).toEqual([108]);
      expect(partly.out).toContain("FAILED to redeliver failed-twice push (502 \"Invalid HTTP Response: 502\"; failed on GitHub): GitHub's rate limit: it asks to wait 3600 s");
      expect(partly.out).toContain("FAILED to redeliver sent-while-down push (0 \"failed to connect\"; failed on GitHub, not in the journal): not tried: GitHub's rate limit");
      expect(partly.out).toMatch(/0 redelivered, 3 failed/);
    });

    it('counts every wait against max_wait_s, and gives up on a request GitHub keeps refusing', async () => {
      const clock = fakeClock(Date.now());
      const budget = await start({ intercept: refuse(2, () => true, { status: 429, headers: { 'retry-after': '40' } }) });
      const spent = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: budget.url, max_wait_s: 60 }, {}, { clock });
      expect(spent.code).toBe(1);
      expect(clock.waits).toEqual([40_000]);
      expect(spent.err).toMatch(/it asks to wait 40 s .*, more than the 20 s left of reconcile\.max_wait_s/);

      const stubborn = await start({ intercept: refuse(10, () => true, { status: 429, headers: { 'retry-after': '0' } }) });
      const refused = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: stubborn.url }, {}, { clock });
      expect(refused.code).toBe(1);
      expect(refused.err).toBe("genvoy: reconcile stopped: GitHub's rate limit: still refused (429) after 3 waits; try again later\n");
      expect(stubborn.requests).toHaveLength(4);
    });

    it('takes a 403 without rate-limit headers for a refusal, not a limit', async () => {
      const clock = fakeClock(Date.now());
      const gh = await start({ intercept: () => ({ status: 403, body: { message: 'Resource not accessible by personal access token' } }) });
      const { code, err } = await reconcileWith({ hook: 'repos/octo/site/hooks/42', api_url: gh.url }, {}, { clock });
      expect(code).toBe(1);
      expect(clock.waits).toEqual([]);
      expect(gh.requests).toHaveLength(1);
      expect(err).toMatch(/GitHub answered 403 \(GET .*\): Resource not accessible by personal access token/);
    });
  });
});
