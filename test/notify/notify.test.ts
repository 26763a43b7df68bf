import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import type { NotifyConfigFile } from '../../src/libs/notify/notify-config-schema.ts';
import { notify } from '../../src/libs/notify/index.ts';
import { flushNotices } from '../../src/libs/notify/notify.ts';
import { cardProblems } from '../support/adaptive-card.ts';
import { eventually } from '../support/server.ts';
import { standIn, type StandIn } from '../support/stand-in.ts';

describe('notify()', () => {
  let dir: string;
  let chat: StandIn;
  let lines: string[];
  const log = () => createLogger('DEBUG', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-notify-'));
    lines = [];
    chat = await standIn((req) => (req.url?.startsWith('/broken') ? { status: 500 } : { status: 202 }));
  });
  afterEach(async () => {
    await chat.close();
    await rm(dir, { recursive: true, force: true });
  });
  const configure = async (config: NotifyConfigFile) => {
    const file = join(dir, `notify-${Math.random()}.json`);
    await writeFile(file, JSON.stringify(config));
    return file;
  };

  it('sends a notice to the default targets, each in its format, and reports each target with its URL redacted', async () => {
    const configFile = await configure({
      targets: {
        teams: { url: `${chat.url}/teams/abc?sig=s3cret` },
        slack: { type: 'slack', url: `${chat.url}/slack/T1/B2/s3cret` },
        json: { type: 'json', url: `${chat.url}/json/s3cret` },
      },
      aliases: { '@chat': ['teams', 'slack'] },
      default_targets: ['@chat'],
    });
    const notice = { event: 'secret_scanning', repository: 'acme/widgets', title: 'Secret found', text: 'AKIA…XYZ in config.py:3', color: 'attention', facts: [{ title: 'rule', value: 'aws-key' }], url: 'https://github.com/acme/widgets' };
    const outcome = await notify(notice, { configFile, log: log() });
    expect(outcome).toEqual({
      ok: true,
      targets: [
        { target: 'teams', url: `${chat.url}/…`, status: 'sent', attempts: 1 },
        { target: 'slack', url: `${chat.url}/…`, status: 'sent', attempts: 1 },
      ],
    });
    const teams = JSON.parse(chat.requests.find((r) => r.url.startsWith('/teams'))!.body);
    expect(cardProblems(teams)).toEqual([]);
    expect(teams.attachments[0].content.body[0]).toMatchObject({ style: 'attention' });
    const slack = JSON.parse(chat.requests.find((r) => r.url.startsWith('/slack'))!.body);
    expect(slack.attachments[0]).toMatchObject({ title: 'Secret found', title_link: 'https://github.com/acme/widgets', color: 'danger' });
    // Named targets instead of the default ones.
    const json = await notify({ ...notice, targets: ['json'] }, { configFile, log: log() });
    expect(json.targets).toEqual([{ target: 'json', url: `${chat.url}/…`, status: 'sent', attempts: 1 }]);
    expect(JSON.parse(chat.requests.at(-1)!.body)).toMatchObject({ event: 'secret_scanning', title: 'Secret found', text: 'AKIA…XYZ in config.py:3' });
  });

  it('reports a failing target and an unknown name, never the URL', async () => {
    const configFile = await configure({ targets: { ok: { url: `${chat.url}/ok/s3cret` }, bad: { url: `${chat.url}/broken/s3cret`, retries: 1 } } });
    const outcome = await notify({ event: 'x', title: 't', text: '', targets: ['ok', 'bad', '@nobody'] }, { configFile, log: log() });
    expect(outcome.ok).toBe(false);
    expect(outcome.targets).toEqual([
      { target: '@nobody', status: 'failed', reason: expect.stringMatching(/^no target or alias "@nobody" in /) },
      { target: 'ok', url: `${chat.url}/…`, status: 'sent', attempts: 1 },
      { target: 'bad', url: `${chat.url}/…`, status: 'failed', reason: 'HTTP 500 after 2 attempts', attempts: 2 },
    ]);
    expect(JSON.stringify(outcome) + lines.join('')).not.toContain('s3cret');
    expect(lines.some((l) => l.includes('notify: send failed'))).toBe(true);
  });

  it('with a once key, sends a retry only to the targets that did not take the message', async () => {
    const configFile = await configure({ targets: { ok: { url: `${chat.url}/ok/s3cret` }, bad: { url: `${chat.url}/broken/s3cret`, retries: 0 } } });
    const notice = { event: 'x', title: 't', text: '', targets: ['ok', 'bad'] };
    const first = await notify(notice, { configFile, log: log(), once: 'delivery-1' });
    const retry = await notify(notice, { configFile, log: log(), once: 'delivery-1' });
    expect(first.targets.map((t) => t.status)).toEqual(['sent', 'failed']);
    expect(retry.targets).toEqual([
      { target: 'ok', status: 'sent', reason: 'taken on an earlier run of this delivery: not sent again' },
      expect.objectContaining({ target: 'bad', status: 'failed' }),
    ]);
    expect(chat.requests.map((r) => r.url.split('/')[1])).toEqual(['ok', 'broken', 'broken']);
    await notify(notice, { configFile, log: log(), once: 'delivery-2' }); // another delivery is sent anew
    expect(chat.requests.filter((r) => r.url.startsWith('/ok'))).toHaveLength(2);
  });

  it('skips a target whose URL variable is unset, and says once that none is configured', async () => {
    const configFile = await configure({ targets: { teams: { url: 'env:GENVOY_TEST_UNSET_TEAMS_URL' } } });
    const logger = log();
    const first = await notify({ event: 'x', title: 't', text: '' }, { configFile, log: logger });
    await notify({ event: 'x', title: 't', text: '' }, { configFile, log: logger });
    expect(first).toEqual({ ok: true, targets: [{ target: 'teams', status: 'skipped', reason: 'environment variable GENVOY_TEST_UNSET_TEAMS_URL is not set' }] });
    expect(lines.filter((l) => l.includes('no target is configured'))).toHaveLength(1);
    expect(chat.requests).toHaveLength(0);
  });

  it('over the rate limit, queues the overflow and sends it as one digest, summary first, dropping nothing', async () => {
    const configFile = await configure({ targets: { teams: { url: `${chat.url}/teams/limited?sig=s3cret`, rate_limit: { posts: 2, per_s: 0.5 } } } });
    const notices = Array.from({ length: 7 }, (_, i) => ({
      event: i % 2 ? 'issues' : 'push',
      repository: i < 4 ? 'acme/widgets' : 'acme/gadgets',
      title: `notice ${i}`,
      text: `text ${i}`,
      url: `https://github.com/acme/n/${i}`,
    }));
    const outcomes = [];
    for (const n of notices) outcomes.push(await notify(n, { configFile, log: log() }));
    expect(outcomes.map((o) => o.targets[0]!.status)).toEqual(['sent', 'sent', 'queued', 'queued', 'queued', 'queued', 'queued']);
    expect(outcomes[2]!.targets[0]!.reason).toMatch(/^over 2 posts per 0.5 s: goes out in a digest/);
    expect(chat.requests).toHaveLength(2);

    await eventually(() => chat.requests.length === 3);
    const card = JSON.parse(chat.requests[2]!.body);
    expect(cardProblems(card)).toEqual([]);
    const items = card.attachments[0].content.body[0].items;
    expect(items[0].text).toMatch(/^5 events (at|from) \d\d:\d\d (to \d\d:\d\d )?UTC$/);
    const text = items[1].text as string;
    expect(text.split('\n\n')[0]).toBe('3 in acme/gadgets · 2 in acme/widgets');
    for (let i = 2; i < 7; i++) expect(text).toContain(`[notice ${i}](https://github.com/acme/n/${i})`);
  });

  it('sends what waits for a digest at once when genvoy stops', async () => {
    const configFile = await configure({ targets: { teams: { url: `${chat.url}/teams/slow?sig=s3cret`, rate_limit: { posts: 1, per_s: 3600 } } } });
    const outcomes = [];
    for (const i of [0, 1, 2]) outcomes.push(await notify({ event: 'push', repository: 'acme/widgets', title: `notice ${i}`, text: '' }, { configFile, log: log() }));
    expect(outcomes.map((o) => o.targets[0]!.status)).toEqual(['sent', 'queued', 'queued']);
    expect(chat.requests).toHaveLength(1);
    await flushNotices(log());
    expect(chat.requests).toHaveLength(2);
    expect(JSON.parse(chat.requests[1]!.body).attachments[0].content.body[0].items[0].text).toMatch(/^2 events at \d\d:\d\d UTC$/);
  });
});
