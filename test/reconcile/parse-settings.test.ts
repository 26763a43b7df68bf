import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/base/config-error.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { configSchema, noGitHub } from '../../src/config/schema.ts';
import { deliveriesRoute, parseHookTarget } from '../../src/config/hook-target.ts';
import { rateLimitWait } from '../../src/ops/reconcile/rate-limit.ts';
import { reconcileSettings } from '../../src/ops/reconcile/settings.ts';
import { parseSince } from '../../src/config/since.ts';

const now = Date.parse('2026-11-29T12:00:00Z');

describe('parseSince', () => {
  it('counts durations back from now', () => {
    expect(parseSince('90m', now)?.toISOString()).toBe('2026-11-29T10:30:00.000Z');
    expect(parseSince('36h', now)?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(parseSince('3d', now)?.toISOString()).toBe('2026-11-26T12:00:00.000Z');
  });

  it('reads ISO dates, as UTC when they name no zone', () => {
    expect(parseSince('2026-11-27', now)?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(parseSince('2026-11-27T08:30', now)?.toISOString()).toBe('2026-11-27T08:30:00.000Z');
    expect(parseSince('2026-11-27T08:30:00+02:00', now)?.toISOString()).toBe('2026-11-27T06:30:00.000Z');
  });

  it('refuses anything else', () => {
    for (const bad of ['', '3', '0d', '3 days', '-1d', '1w', 'yesterday', '2026-13-01', '27.11.2026']) expect(parseSince(bad, now), bad).toBeUndefined();
  });
});

describe('parseHookTarget', () => {
  it('reads the three kinds of hook and gives their deliveries path', () => {
    expect(parseHookTarget('repos/o/.github/hooks/1')).toMatchObject({ repo: '.github' });
    const repository = parseHookTarget('repos/octo-org/web.site/hooks/42')!;
    expect(repository).toEqual({ kind: 'repository', owner: 'octo-org', repo: 'web.site', hookId: 42 });
    expect(deliveriesRoute(repository)).toEqual({ path: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries', params: { owner: 'octo-org', repo: 'web.site', hook_id: 42 } });
    expect(deliveriesRoute(parseHookTarget('orgs/octo-org/hooks/7')!)).toEqual({ path: '/orgs/{org}/hooks/{hook_id}/deliveries', params: { org: 'octo-org', hook_id: 7 } });
    expect(deliveriesRoute(parseHookTarget('app')!)).toEqual({ path: '/app/hook/deliveries', params: {} });
  });

  it('refuses other shapes and names that could leave the path', () => {
    for (const bad of ['', 'repos/../r/hooks/1', 'repos/o/./hooks/1', 'orgs/../hooks/1', 'repos/o/r/hooks', 'repos/o/r/hooks/x', 'orgs/o/hooks/1/', 'repos/../r/hooks/1x', 'repos/o%2F/r/hooks/1', 'apps', '/repos/o/r/hooks/1']) {
      expect(parseHookTarget(bad), bad).toBeUndefined();
    }
  });
});

describe('rateLimitWait', () => {
  it('honours retry-after (seconds or a date), then x-ratelimit-reset when none are left', () => {
    expect(rateLimitWait(429, { 'retry-after': '7' }, now)).toBe(7000);
    expect(rateLimitWait(403, { 'retry-after': 'Sun, 29 Nov 2026 12:00:30 GMT' }, now)).toBe(30_000);
    expect(rateLimitWait(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 90) }, now)).toBe(90_000);
    expect(rateLimitWait(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 - 5) }, now)).toBe(0);
  });

  it('waits a minute on a bare 429, and does not take a plain 403 or other errors for a limit', () => {
    expect(rateLimitWait(429, {}, now)).toBe(60_000);
    expect(rateLimitWait(403, {}, now)).toBeUndefined();
    expect(rateLimitWait(403, { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(now / 1000 + 90) }, now)).toBeUndefined();
    expect(rateLimitWait(500, { 'retry-after': '7' }, now)).toBeUndefined();
  });
});

describe('reconcileSettings', () => {
  const config = (reconcile: object) => configSchema.parse({ reconcile }).reconcile;

  it('takes the config, lets the command line override it, and reads the token from the configured variable', () => {
    const github = { apiUrl: 'https://ghe.example.com/api/v3', auth: { kind: 'token' as const, token: 'ghp_new' } };
    const settings = reconcileSettings(config({ hook: 'orgs/o/hooks/1', since: '1d' }), github, {}, { GITHUB_TOKEN: 'other' }, now);
    expect(settings).toMatchObject({ target: { kind: 'organisation', org: 'o', hookId: 1 }, connection: github, since: new Date('2026-11-28T12:00:00Z'), maxAttempts: 5, maxWaitS: 60 });
    expect(settings.oldTokenVariable).toBeUndefined();
    const overridden = reconcileSettings(config({ hook: 'orgs/o/hooks/1' }), noGitHub, { hook: 'app', apiUrl: 'https://ghe.example.com/api/v3', since: '2h' }, { GITHUB_TOKEN: 'x' }, now);
    expect(overridden).toMatchObject({ target: { kind: 'app' }, connection: { apiUrl: 'https://ghe.example.com/api/v3' }, since: new Date('2026-11-29T10:00:00Z') });
  });

  it('still reads the old keys: the API from reconcile.api_url, the token from the variable reconcile.token_env names', () => {
    const settings = reconcileSettings(config({ hook: 'orgs/o/hooks/1', api_url: 'https://ghe.example.com/api/v3/', token_env: 'MY_TOKEN' }), noGitHub, {}, { MY_TOKEN: 't0k3n', GITHUB_TOKEN: 'other' }, now);
    expect(settings).toMatchObject({ connection: { apiUrl: 'https://ghe.example.com/api/v3', auth: { kind: 'token', token: 't0k3n' } }, oldTokenVariable: 'MY_TOKEN' });
  });

  it('says what to set when the hook, the token, --since or --api-url is missing or wrong', () => {
    const fail = (reconcile: object, overrides: object, env: object) => () => reconcileSettings(config(reconcile), noGitHub, overrides, env as NodeJS.ProcessEnv, now);
    expect(fail({}, {}, { GITHUB_TOKEN: 'x' })).toThrow(/no hook to reconcile: set reconcile.hook in the config or pass --hook/);
    expect(fail({}, { hook: 'repos/o/hooks/1' }, { GITHUB_TOKEN: 'x' })).toThrow(/--hook "repos\/o\/hooks\/1": expected "repos\/OWNER\/REPO\/hooks\/ID"/);
    expect(fail({ hook: 'app' }, { since: 'last week' }, { GITHUB_TOKEN: 'x' })).toThrow(/--since "last week": expected a duration/);
    expect(fail({ hook: 'app' }, { apiUrl: 'ghe.example.com' }, { GITHUB_TOKEN: 'x' })).toThrow(/--api-url "ghe.example.com": expected an http\(s\) URL/);
    expect(fail({ hook: 'app' }, {}, { GITHUB_TOKEN: '' })).toThrow(/reconcile has no credentials for app: the App's hook is read as the App: set "github_app"/);
    expect(fail({ hook: 'orgs/o/hooks/1' }, {}, {})).toThrow(/reconcile has no credentials for orgs\/o\/hooks\/1: .* set "github_token" in the config or GENVOY_GITHUB_TOKEN/);
    expect(fail({ hook: 'app' }, {}, {})).toThrow(ConfigError);
  });

  it('refuses a config whose reconcile key is wrong, naming the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-reconcile-'));
    const load = async (reconcile: object) => {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ reconcile }));
      return loadConfig(join(dir, 'config.json'));
    };
    await expect(load({ hook: 'repo/o/r/hooks/1' })).rejects.toThrow(/"reconcile.hook": expected "repos\/OWNER\/REPO\/hooks\/ID", "orgs\/ORG\/hooks\/ID" or "app"/);
    await expect(load({ since: '3 days' })).rejects.toThrow(/"reconcile.since": expected a duration such as "90m"/);
    await expect(load({ token_env: 'ghp_abc-def' })).rejects.toThrow(/"reconcile.token_env": expected the name of an environment variable/);
    await expect(load({ every_minute: 5 })).rejects.toThrow(/"reconcile.every_minute": unknown key/);
    expect((await load({})).reconcile).toEqual({ hook: '', since: '3d', every_min: 0, max_attempts: 5, max_wait_s: 60 });
    const old = await load({ api_url: 'https://ghe.example.com/api/v3', token_env: 'MY_TOKEN' });
    expect(old.warnings.map((w) => w.path.join('.'))).toEqual(['reconcile.api_url', 'reconcile.token_env']);
    expect(configSchema.parse({}).reconcile).toEqual((await load({})).reconcile);
  });
});
