import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRoutes } from '../../src/commands/migrate/compare-routes.ts';
import { convertNotify } from '../../src/commands/migrate/convert-notify.ts';
import { convertPush } from '../../src/commands/migrate/convert-push.ts';
import { htmlToMarks } from '../../src/commands/migrate/html-marks.ts';
import { mapConfig } from '../../src/commands/migrate/map-config.ts';
import { originalRoute } from '../../src/commands/migrate/original-route.ts';
import { pathMap } from '../../src/commands/migrate/path-map.ts';
import { planHookNames } from '../../src/commands/migrate/plan-hooks.ts';
import { loadNotifyConfig } from '../../src/libs/notify/load-notify-config.ts';
import { knownEvents } from '../../src/pipeline/route/known-events.ts';

describe("the original's routing, as migrate models it", () => {
  const names = ['push', 'push-web', 'push-web-main', 'push-web-staging', 'push-website', 'push_notify', 'all', 'all-web', 'all-1-log', 'pull_request', 'pull_request_review', 'issues-web'].sort();

  // The original's rule, in our words: of {event}-{repo}-{branch}, all-{repo}-{branch},
  // {event}-{repo}, all-{repo}, {event} and all (the order its code tried them; its README lists
  // the event's names first), those with a file run; then, parent by parent, every file whose
  // name starts with the parent's and has not run yet, by name.
  it.each([
    ['push', 'web', 'main', ['push-web-main', 'push-web', 'all-web', 'push', 'all', 'push-web-staging', 'push-website', 'push_notify', 'all-1-log']],
    ['push', 'other', 'dev', ['push', 'all', 'push-web', 'push-web-main', 'push-web-staging', 'push-website', 'push_notify', 'all-1-log', 'all-web']],
    ['pull_request', 'web', 'main', ['all-web', 'pull_request', 'all', 'pull_request_review', 'all-1-log']],
    ['issues', 'web', undefined, ['issues-web', 'all-web', 'all', 'all-1-log']],
  ] as const)('runs for %s to %s (branch %s): %o', (event, repository, branch, expected) => {
    expect(originalRoute(names, event, { repository, branch })).toEqual(expected);
  });

  it("runs the README's example in the order of its code: every parent first, then the children", () => {
    const files = ['all', 'all-myrepo.function1', 'push', 'push-myrepo-master', 'push_function1'];
    expect(originalRoute(files, 'push', { repository: 'myrepo', branch: 'master' })).toEqual(['push-myrepo-master', 'push', 'all', 'push_function1', 'all-myrepo.function1']);
    // The repository's own hooks are no children for another repository's push; the event's are.
    expect(originalRoute([...files, 'push-myrepo'].sort(), 'push', { repository: 'other', branch: 'master' })).toEqual(['push', 'all', 'push-myrepo', 'push-myrepo-master', 'push_function1', 'all-myrepo.function1']);
  });
});

describe('genvoy names for the original hooks', () => {
  const plan = (files: string[], rule: 'plus' | 'prefix' = 'plus') => Object.fromEntries(planHookNames(files, rule, knownEvents).map(({ from, to }) => [from, to]));

  it('renames a child to parent+suffix, the parent being the broadest it extends; keeps repositories, branches and + children', () => {
    expect(plan(['push', 'push_function1', 'push-myrepo', 'push-myrepofunction1', 'push-myrepo-master', 'all', 'all-myrepo', 'all-myrepo.function1', 'push-web+deploy', 'push-web'])).toEqual({
      push: 'push',
      push_function1: 'push+function1',
      'push-myrepo': 'push-myrepo',
      // The original ran it on every push: push has a file.
      'push-myrepofunction1': 'push+myrepofunction1',
      'push-myrepo-master': 'push-myrepo-master',
      all: 'all',
      'all-myrepo': 'all-myrepo',
      'all-myrepo.function1': 'all+myrepo.function1',
      'push-web': 'push-web',
      'push-web+deploy': 'push-web+deploy',
    });
    // Without a parent's file it was no child; a hook of another event never is; a taken name keeps the longer suffix.
    expect(plan(['push_function1', 'pull_request', 'pull_request_review', 'push', 'push-x', 'push+x', 'push_x'])).toMatchObject({ push_function1: 'push+function1', pull_request_review: 'pull_request_review', push_x: 'push+_x' });
    expect(plan(['push_function1'])).toEqual({ push_function1: 'push_function1' });
    // A branch with "/" was a subfolder to the original.
    expect(plan(['push-web-feature/login'])).toEqual({ 'push-web-feature/login': 'push-web-feature~login' });
    expect(plan(['push', 'push_function1'], 'prefix')).toEqual({ push: 'push', push_function1: 'push_function1' });
  });

  it('compares the routings: what runs only in one, and the order', () => {
    const renamed = { 'push+function1': 'push_function1' } as Record<string, string>;
    const back = (name: string) => renamed[name] ?? name;
    const diff = compareRoutes(['push', 'push_function1', 'all'], ['push', 'push+function1', 'all'], back, 'plus', knownEvents);
    expect([...diff.missing.keys(), ...diff.extra.keys()]).toEqual([]);
    expect(diff.order).toMatchObject({ original: ['push', 'all', 'push_function1'], genvoy: ['push', 'push+function1', 'all'] });
    expect(compareRoutes(['push', 'push_function1', 'all'], ['push', 'push_function1', 'all'], back, 'prefix', knownEvents)).toEqual({ missing: new Map(), extra: new Map() });
    const staging = compareRoutes(['push', 'push-web-staging'], ['push', 'push-web-staging'], back, 'plus', knownEvents);
    expect([...staging.missing.keys()]).toEqual(['push-web-staging']);
  });
});

describe("the original's settings in genvoy's files", () => {
  const paths = pathMap('/srv/old/app', '/srv/genvoy/config');
  const options = { paths, hooksPath: '../hooks', journalPath: '../data/genvoy.db', rule: 'plus' as const };

  it('maps config.json: backup_dir, paths that point where they pointed, never a secret in a note; names what it cannot take', () => {
    const { config, notes } = mapConfig({ http_port: 'x', enforce_secret: 'sekrit-value', backup_dir: 'backup', hooks_path: 'hooks', debug_level: 'LOUD', github_ips_only: false, enforce_secrets: 'typo' }, options);
    expect(config).toEqual({ enforce_secret: 'sekrit-value', backup_path: '../../old/app/backup', github_ips_only: false, hooks_path: '../hooks', child_hooks: 'plus', journal_path: '../data/genvoy.db' });
    const text = notes.map((note) => `${note.kind}: ${note.text}`).join('\n');
    expect(text).toContain('hand: config: http_port: Invalid input: expected number, received string: left out, genvoy\'s default applies');
    expect(text).toContain('hand: config: enforce_secrets: a key neither the original nor genvoy knows');
    expect(text).toContain('change: config: debug_level is none of DEBUG, INFO, WARNING, ERROR, CRITICAL');
    expect(text).not.toMatch(/sekrit|typo/);
    expect(mapConfig({ backup_path: '/abs/backup', backup_dir: 'x' }, options).config).toMatchObject({ backup_path: '/abs/backup' });
  });

  it("converts an all.json laid out as the original's (placeholder URLs, HTML messages) into a notify.json genvoy loads", async () => {
    // Written here in the original's layout: top-level webhook URLs, one section per event.
    const all = {
      debug_level: 'INFO',
      webhook: { default: 'https://...', spare: 'none' },
      issues: { title: 'Issue {action}', message: '<b>{issue/title}</b> is {action}', webhook: ['@default'] },
      create: { title: 'New {ref_type}', message: "<i>{ref}</i> in <a href='{repository/html_url}'>{repository/name}</a>" },
      meta: { title: 'Hook', message: "<a hrtef='{sender/html_url}'>{sender/login}</a> changed the hook" },
    };
    const { notify, notes } = convertNotify(all, new Map());
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-notify-'));
    try {
      await writeFile(join(dir, 'notify.json'), JSON.stringify(notify));
      const loaded = await loadNotifyConfig(join(dir, 'notify.json'), {});
      expect(loaded.events.get('issues')).toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Placeholder URLs ("https://...", "none") make no target; a misspelt link stays, named.
    expect(notify.targets).toEqual({});
    expect(notes).toContainEqual({ kind: 'hand', text: "notify: events.meta.message: HTML genvoy has no mark for, kept as text: <a hrtef='{sender/html_url}'> </a>" });
    expect((notify.events as Record<string, { message: string }>).create!.message).toBe('{ref} in [{repository/name}]({repository/html_url})');
  });

  it('makes a target of each URL, keeps the URLs in secret files and out of the notes', () => {
    const all = {
      webhook: { default: 'https://chat.example/hook/default-token', dev: 'https://chat.example/hook/dev-token', office: 'https://acme.webhook.office.com/webhookb2/x' },
      push: { webhook: ['@dev', '!team.url', 'https://chat.example/hook/inline-token', '@gone'], title: 'Push', message: '<b>{repository/name}</b><br>pushed', active: false },
      issues: { title: '', message: 'Issue', color: 'FF0000', email: ['@dev'] },
    };
    const { notify, secrets, notes } = convertNotify(all, new Map([['team.url', 'https://chat.example/hook/file-token\n']]));
    expect(notify).toMatchObject({
      targets: { default: { type: 'messagecard', url: '!secrets/default.url' }, dev: { url: '!secrets/dev.url' }, 'file-1': { url: '!secrets/file-1.url' }, 'url-2': { url: '!secrets/url-2.url' } },
      default_targets: ['default'],
      events: { push: { title: 'Push', message: '**{repository/name}**\npushed', active: false, targets: ['dev', 'file-1', 'url-2'] }, issues: { message: 'Issue', color: 'FF0000' } },
    });
    expect(secrets.get('file-1.url')).toBe('https://chat.example/hook/file-token');
    const text = notes.map((note) => note.text).join('\n');
    expect(text).not.toMatch(/token|webhookb2/);
    expect(notes).toContainEqual({ kind: 'dropped', text: 'notify: events.push: "@gone" names no webhook URL: left out (the original skipped it)' });
    expect(notes).toContainEqual({ kind: 'dropped', text: "notify: events.issues.email: the original's all hook never read it" });
    expect(notes.filter((note) => note.kind === 'hand').map((note) => note.text)).toEqual([expect.stringContaining('target "office" is an Office 365 connector URL')]);
  });

  it("converts push.json's clone_dir to the same folder and git_url to url_template", () => {
    expect(convertPush({ clone_dir: 'backup.git', git_url: '{repository/clone_url}', debug_level: 'INFO', depth: 1 }, paths)).toMatchObject({
      push: { clone_dir: '../../old/app/backup.git', url_template: '{repository/clone_url}' },
      notes: expect.arrayContaining([{ kind: 'hand', text: 'push: "depth" in hooks/push.json: unknown to the original\'s push hook and to genvoy: not carried' }]),
    });
    expect(convertPush({}, paths).push).toEqual({ clone_dir: '../../old/app/git', url_template: '{repository/html_url}' });
  });

  it("turns the original's HTML into genvoy's marks", () => {
    expect(htmlToMarks("<b>#<a href='{issue/html_url}'>{issue/number}</a></b><br/><i>x</i> <u>y</u>")).toEqual({ text: '**#[{issue/number}]({issue/html_url})**\nx <u>y</u>', kept: ['<u>', '</u>'] });
  });
});
