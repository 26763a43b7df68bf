import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli, type Running } from '../support/cli.ts';
import { writeHooks } from '../support/server.ts';

const python = (name: string) => ({ text: `#!/usr/bin/env python3\nprint(${JSON.stringify(name)})\n`, script: true });

/** A hooks folder as the original's README names its children, served under genvoy's default rule. */
const originalHooks = {
  push: python('push'),
  'push-myrepo-master': python('push-myrepo-master'),
  push_function1: python('push_function1'),
  'all-myrepo': python('all-myrepo'),
  'all-myrepo.function1': python('all-myrepo.function1'),
  all: python('all'),
};

const pushFunction1 = 'push_function1: never runs under child_hooks "plus"; the original\'s prefix rule made it a child of "push": name it "push+function1" (or set child_hooks "prefix")';
const allFunction1 = 'all-myrepo.function1: under child_hooks "plus" only the hook of a repository or branch of that name; the original\'s prefix rule made it a child of "all-myrepo": to keep it one, name it "all-myrepo+function1" (or set child_hooks "prefix")';

/** The messages of the warnings a server logged (its log lines are JSON). */
const warnings = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((line) => line.level === 40)
    .map((line) => line.msg);

describe('no silent misses: what the original\'s folder means under genvoy, said at start, in genvoy hooks and in check-config', () => {
  let dir: string;
  let running: Running | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-misses-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await once(running.child, 'exit');
    }
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const writeConfig = (config: object) => writeFile(join(dir, 'config.json'), `${JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, ...config }, null, 2)}\n`);

  it("names the original's children that never run under plus, with the names they should have", async () => {
    await writeConfig({ hooks_path: 'hooks' });
    await writeHooks(join(dir, 'hooks'), originalHooks);
    running = await startCli(['serve', '--config', join(dir, 'config.json'), '--port', '0']);
    expect(warnings(running.output())).toEqual(expect.arrayContaining([allFunction1, pushFunction1]));

    const hooks = await runCli(['hooks', 'push', '--repo', 'myrepo', '--branch', 'master', '--config', join(dir, 'config.json')]);
    expect(hooks.code).toBe(0);
    expect(hooks.output).toContain(`warning: ${pushFunction1}\n`);
    expect(hooks.output).toContain(`warning: ${allFunction1}\n`);

    const check = await runCli(['check-config', join(dir, 'config.json')]);
    expect(check.output).toContain(`${join(dir, 'hooks', 'push_function1')} warning: ${pushFunction1.slice('push_function1: '.length)}\n`);
    expect(check.output).toContain(`${join(dir, 'hooks', 'all-myrepo.function1')} warning: ${allFunction1.slice('all-myrepo.function1: '.length)}\n`);
    expect(check.output).toMatch(/: no problems, 3 warnings\n$/);
    expect(check.code).toBe(0);

    // Under "prefix" they are children again: nothing to say about them.
    await writeConfig({ hooks_path: 'hooks', child_hooks: 'prefix' });
    const prefix = await runCli(['check-config', join(dir, 'config.json')]);
    expect(prefix.output).not.toContain('function1');
    expect(prefix.code).toBe(0);
  }, 60_000);

  it('warns at start, naming the resolved path, when the hooks folder is missing or holds no hook', async () => {
    await mkdir(join(dir, 'config'));
    // The original's config copied into config/: "hooks" now means config/hooks.
    await writeFile(join(dir, 'config', 'config.json'), JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, hooks_path: 'hooks' }));
    await writeHooks(join(dir, 'hooks'), originalHooks);
    running = await startCli(['serve', '--config', join(dir, 'config', 'config.json'), '--port', '0']);
    expect(warnings(running.output())).toContain(
      `no hooks folder at ${join(dir, 'config', 'hooks')}: every delivery answers {"status":"nop"} (hooks_path resolves against the config file's folder, ${join(dir, 'config')})`,
    );
    running.child.kill('SIGTERM');
    await once(running.child, 'exit');

    await writeHooks(join(dir, 'config', 'hooks'), { README: 'not a hook', 'all.json': '{}' });
    running = await startCli(['serve', '--config', join(dir, 'config', 'config.json'), '--port', '0']);
    expect(warnings(running.output())).toContain(
      `no hook in ${join(dir, 'config', 'hooks')}: every delivery answers {"status":"nop"} (hooks_path resolves against the config file's folder, ${join(dir, 'config')})`,
    );
  }, 60_000);

  it("takes the original's backup_dir as backup_path with a warning at start and in check-config; a typo stays an error", async () => {
    await writeFile(join(dir, 'config.json'), '{\n  "http_host": "127.0.0.1",\n  "github_ips_only": false,\n  "backup_dir": "backup",\n  "hooks_path": "hooks"\n}\n');
    await writeHooks(join(dir, 'hooks'), { issues: python('issues') });
    await mkdir(join(dir, 'backup'));
    const warning = 'backup_dir: the original\'s name for "backup_path": read as "backup_path" (rename it)';
    running = await startCli(['serve', '--config', join(dir, 'config.json'), '--port', '0']);
    expect(warnings(running.output())).toContain(warning);

    const check = await runCli(['check-config', join(dir, 'config.json')]);
    expect(check.output).toContain(`${join(dir, 'config.json')}:4:3 warning: ${warning}\n`);
    expect(check.output).toMatch(/: no problems, 1 warning\n$/);
    expect(check.code).toBe(0);

    await writeFile(join(dir, 'config.json'), '{\n  "backup_dri": "backup"\n}\n');
    expect(await runCli(['check-config', join(dir, 'config.json')])).toMatchObject({ code: 1, output: expect.stringContaining(':2:3 backup_dri: unknown key\n') });
    await writeFile(join(dir, 'config.json'), '{\n  "backup_path": "a",\n  "backup_dir": "b"\n}\n');
    expect(await runCli(['serve', '--config', join(dir, 'config.json'), '--port', '0'])).toMatchObject({
      code: 2,
      output: expect.stringContaining('"backup_dir": the original\'s name for "backup_path", which is set too: remove one'),
    });
  }, 60_000);
});
