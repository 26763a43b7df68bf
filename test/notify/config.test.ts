import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { expandTargets, loadNotifyConfig } from '../../src/libs/notify/load-notify-config.ts';
import { liveNotifyConfig } from '../../src/libs/notify/live-notify-config.ts';
import type { NotifyConfigFile } from '../../src/libs/notify/notify-config-schema.ts';

describe('notify config', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-notify-config-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = async (config: NotifyConfigFile | string, name = 'notify.json') => {
    const file = join(dir, name);
    await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config));
    return file;
  };

  it('reads URLs from the environment and from files relative to it; an unset one leaves its target unconfigured', async () => {
    await writeFile(join(dir, 'slack-url'), 'https://hooks.slack.example/services/T1/B2/secret\n');
    const file = await write({
      targets: {
        teams: { url: 'env:TEAMS_URL_FOR_TEST' },
        slack: { type: 'slack', url: '!slack-url' },
        plain: { type: 'json', url: 'https://archive.example/in' },
        unset: { url: 'env:NOT_SET_ANYWHERE' },
        nofile: { url: '!missing' },
      },
    });
    const config = await loadNotifyConfig(file, { TEAMS_URL_FOR_TEST: 'https://prod.logic.example/workflows/abc?sig=s3cret' });
    expect(config.targets.get('teams')).toMatchObject({ type: 'teams', url: 'https://prod.logic.example/workflows/abc?sig=s3cret', rateLimit: { posts: 25, windowMs: 300_000 } });
    expect(config.targets.get('slack')).toMatchObject({ type: 'slack', url: 'https://hooks.slack.example/services/T1/B2/secret', rateLimit: { posts: 60, windowMs: 60_000 } });
    expect(config.targets.get('plain')?.url).toBe('https://archive.example/in');
    expect(config.targets.get('unset')?.url).toBeUndefined();
    expect(config.targets.get('unset')?.unset).toBe('environment variable NOT_SET_ANYWHERE is not set');
    expect(config.targets.get('nofile')?.unset).toMatch(/cannot read .*missing: ENOENT/);
    expect(config.defaultTargets).toEqual(['teams', 'slack', 'plain', 'unset', 'nofile']);
  });

  it('expands @aliases to their targets, each once, and reports unknown names', async () => {
    const file = await write({
      targets: { a: { url: 'https://a.example/' }, b: { url: 'https://b.example/' }, c: { url: 'https://c.example/' } },
      aliases: { '@dev': ['a', 'b'], '@ops': ['b', 'c'] },
      default_targets: ['@dev'],
    });
    const config = await loadNotifyConfig(file, {});
    expect(expandTargets(config, config.defaultTargets).targets.map((t) => t.name)).toEqual(['a', 'b']);
    expect(expandTargets(config, ['@dev', '@ops', 'a']).targets.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(expandTargets(config, ['@nobody', 'zed']).unknown).toEqual(['@nobody', 'zed']);
  });

  it('names the key of every problem, never a value', async () => {
    const secret = 'https://prod.logic.example/workflows/abc?sig=s3cret';
    const cases: Array<[unknown, RegExp]> = [
      [{ targets: { t: { url: secret, typo: 1 } } }, /"targets\.t\.typo": unknown key/],
      [{ targets: { t: { url: secret, type: 'teamz' } } }, /"targets\.t\.type"/],
      [{ targets: { t: { url: 'not a url' } } }, /"targets\.t\.url": expected an http\(s\) URL/],
      [{ targets: { t: { url: secret } }, aliases: { '@dev': ['nope'] } }, /"aliases\.@dev": target "nope" is not defined/],
      [{ targets: { t: { url: secret } }, aliases: { dev: ['t'] } }, /"aliases\.dev": an alias starts with @/],
      [{ targets: { t: { url: secret } }, events: { push: { title: 'x', targets: ['@nope'] } } }, /"events\.push\.targets": alias "@nope" is not defined/],
      [{ events: { push: { title: 'x', when: "action == " } } }, /"events\.push\.when": .*syntax error/i],
      [{ events: { push: { title: 'x ${concat(}' } } }, /"events\.push\.title": expression/],
      [{ events: { push: { title: '' } } }, /"events\.push\.title"/],
    ];
    for (const [config, problem] of cases) {
      const error = await loadNotifyConfig(await write(JSON.stringify(config)), {}).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(problem);
      expect((error as Error).message).not.toContain('s3cret');
    }
    const broken = await loadNotifyConfig(await write(`{"targets": {"t": {"url": "${secret}"`), {}).catch((e: Error) => e);
    expect((broken as Error).message).toMatch(/not valid JSON/);
    expect((broken as Error).message).not.toContain('s3cret');
  });

  it('is read again when the file changes; a broken edit keeps the last good version and is logged with file and key', async () => {
    const lines: string[] = [];
    const log = createLogger('INFO', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const file = await write({ targets: { a: { url: 'https://a.example/' } } });
    expect([...(await liveNotifyConfig(file, log)).targets.keys()]).toEqual(['a']);
    await write({ targets: { a: { url: 'https://a.example/' }, bb: { url: 'https://b.example/' } } });
    expect([...(await liveNotifyConfig(file, log)).targets.keys()]).toEqual(['a', 'bb']);
    await write(JSON.stringify({ targets: { a: { url: 'https://a.example/?sig=s3cret', oops: true } } }));
    expect([...(await liveNotifyConfig(file, log)).targets.keys()]).toEqual(['a', 'bb']);
    const rejected = lines.map((l) => JSON.parse(l)).find((l) => l.msg.includes('edit rejected'));
    expect(rejected).toMatchObject({ file });
    expect(rejected.error).toMatch(/"targets\.a\.oops": unknown key/);
    expect(lines.join('')).not.toContain('s3cret');
  });

  it("the documentation's example is a valid config", async () => {
    const guide = await readFile(join(import.meta.dirname, '../../docs/guides/notifications.md'), 'utf8');
    const example = /## config\/notify\.json[\s\S]*?```json\n([\s\S]*?)```/.exec(guide)?.[1];
    const config = await loadNotifyConfig(await write(example!), {});
    expect([...config.targets.keys()]).toEqual(['teams', 'alerts', 'chat']);
    expect(config.events.get('star')?.active).toBe(false);
  });

  it('without a good version, the error is thrown', async () => {
    const file = await write('{');
    await expect(liveNotifyConfig(file, createLogger('ERROR'))).rejects.toThrow(/not valid JSON/);
    await expect(liveNotifyConfig(join(dir, 'absent.json'), createLogger('ERROR'))).rejects.toThrow(/cannot read: ENOENT/);
  });
});
