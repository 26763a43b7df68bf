import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { writeHooks } from '../support/server.ts';

describe('genvoy check-config (a real process)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-check-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('passes the shipped config, its notify.json and push.json, and the shipped hooks', async () => {
    const { code, output } = await runCli(['check-config']);
    expect(output).toBe('checked config/config.json, config/notify.json, config/push.json; 2 hook modules and 0 legacy scripts in hooks: no problems\n');
    expect(code).toBe(0);
  });

  it('reports each problem at its file, line, column and key, and every hook that would fail', async () => {
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      ['{', '  "hooks_path": "hooks",', '  "http_port": 5000,', '  "hook_timeout_s": "30",', '  "queue": { "type": "embedded" },', '  "hook_timeot_s": 30', '}'].join('\n'),
    );
    await writeFile(join(dir, 'push.json'), '{\n  "keep_clones": 0\n}');
    const first = await runCli(['check-config', config]);
    expect(first.code).toBe(1);
    expect(first.output).toContain(`${config}:4:3 hook_timeout_s: Invalid input: expected number, received string\n`);
    expect(first.output).toContain(`${config}:6:3 hook_timeot_s: unknown key\n`);
    expect(first.output).toMatch(new RegExp(`${join(dir, 'push.json')}:2:3 keep_clones: Too small: expected number to be >=1\\n`));
    expect(first.output).toMatch(/the hooks were not checked: the config has problems: 3 problems\n$/);

    await writeFile(config, '{\n  "hooks_path": "hooks"\n}');
    await writeFile(join(dir, 'push.json'), '{}');
    await writeFile(join(dir, 'notify.json'), '{\n  "targets": {},\n  "default_targets": ["teams"],\n}');
    await writeHooks(join(dir, 'hooks'), {
      'push.ts': 'export const handle = () => 1;',
      'issues.ts': 'export const handel = () => 1;',
      'star.ts': 'export const handle = (;',
      'fork.ts': 'throw new Error("no config here");\nexport const handle = () => 1;',
      'watch.ts': 'export const when = "action ==";\nexport const handle = () => 1;',
      'release': { text: 'echo no shebang\n', script: true },
      'create': { text: '#!/bin/sh\necho ok\n', script: true },
      'delete': { text: '#!/bin/sh\necho forgot chmod\n' },
      'README': 'not a hook, not reported',
    });
    const second = await runCli(['check-config', '--config', config]);
    expect(second.code).toBe(1);
    const hooks = join(dir, 'hooks');
    expect(second.output.split('\n')).toEqual([
      `${join(dir, 'notify.json')}:4:1 not valid JSON: expected a key in quotes, found "}"`,
      `${join(hooks, 'fork.ts')} fails to load: no config here`,
      `${join(hooks, 'issues.ts')} exports no handle() function (export const handle = …, or a default export from defineHook)`,
      `${join(hooks, 'release')} a legacy script without a "#!" line: it cannot be run`,
      expect.stringMatching(new RegExp(`^${join(hooks, 'star.ts')} does not compile: .*star\\.ts:1:\\d+: .*`)),
      expect.stringMatching(new RegExp(`^${join(hooks, 'watch.ts')} when: `)),
      `${join(hooks, 'delete')} not executable, so not a hook: chmod +x it (or rename it if it is not one)`,
      expect.stringMatching(/^checked .*config\.json, .*notify\.json, .*push\.json; 5 hook modules and 2 legacy scripts in .*hooks: 7 problems$/),
      '',
    ]);
  }, 60_000);

  it('lists each hook whose name reads two ways with both readings and what its module pins; pins that cannot run are problems', async () => {
    const config = join(dir, 'config.json');
    await writeFile(config, '{ "hooks_path": "hooks" }');
    const hooks = join(dir, 'hooks');
    await writeHooks(hooks, {
      'push-website-main.ts': "export const repository = 'website';\nexport const branch = 'main';\nexport const handle = () => 1;",
      'push-docs-main.ts': "export const branch = 'main';\nexport const handle = () => 1;",
      'push-blog-main': { text: '#!/bin/sh\necho deploy\n', script: true },
      'push-shop.ts': "export const repository = 'shop-main';\nexport const handle = () => 1;",
      'issues-web-dev.ts': 'export const repository = 42;\nexport const handle = () => 1;',
      'push.ts': "export const repository = 'website';\nexport const handle = () => 1;",
    });
    const { code, output } = await runCli(['check-config', config]);
    expect(code).toBe(1);
    const pin = "export const repository = '…' and export const branch = '…'";
    expect(output.split('\n')).toEqual([
      `${join(hooks, 'issues-web-dev.ts')} repository: expected the repository's name (or owner/name) this hook is for, a string`,
      `${join(hooks, 'push-shop.ts')} pinned to repository "shop-main", which its name never reads as (event push, repository "shop"): it never runs`,
      `${join(hooks, 'issues-web-dev.ts')} warning: the name reads 2 ways: event issues, repository "web-dev"; event issues, repository "web", branch "dev"; it runs for each: pin a module to one (${pin}), or rename it`,
      `${join(hooks, 'push-blog-main')} warning: the name reads 2 ways: event push, repository "blog-main"; event push, repository "blog", branch "main"; it runs for each: pin a module to one (${pin}), or rename it`,
      // Branch main alone: a push to the main branch of a repository named docs-main still runs it.
      `${join(hooks, 'push-docs-main.ts')} warning: the name reads 2 ways: event push, repository "docs-main"; event push, repository "docs", branch "main"; the module's pins (branch "main") leave 2 of them: it runs for each; pin the repository and the branch (${pin})`,
      `${join(hooks, 'push-website-main.ts')} note: the name reads 2 ways: event push, repository "website-main"; event push, repository "website", branch "main"; the module is pinned to repository "website", branch "main": a delivery of another reading skips it`,
      expect.stringMatching(/; 5 hook modules and 1 legacy script in .*hooks: 2 problems, 3 warnings$/),
      '',
    ]);
  }, 60_000);

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['check-config', 'a.json', 'b.json'])).code).toBe(2);
  });

  it('exits 2 when the config file cannot be read, as hooks and send do; 1 stays for problems found in it', async () => {
    const missing = join(dir, 'missing.json');
    for (const args of [['check-config', missing], ['check-config', '--config', dir], ['hooks', 'push', '--config', missing], ['send', 'push', '--config', missing]]) {
      const { code, output } = await runCli(args);
      expect({ args, code, output }).toEqual({ args, code: 2, output: expect.stringMatching(new RegExp(`^genvoy ${args[0]}: .*: cannot read: `)) });
    }
    await writeFile(join(dir, 'config.json'), '{ "http_port": "5000" }');
    expect((await runCli(['check-config', join(dir, 'config.json')])).code).toBe(1);
  }, 60_000);
});
