import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { writeHooks } from '../support/server.ts';

const script = { text: '#!/bin/sh\necho ran\n', script: true };
const module = 'export const handle = () => { throw new Error("genvoy hooks must not run me"); };';

describe('genvoy hooks (a real process)', () => {
  let dir: string;
  let config: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-hooks-'));
    config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ hooks_path: 'hooks' }));
    await writeHooks(join(dir, 'hooks'), {
      'push.ts': module,
      'push+notify.ts': module,
      'push-web.mjs': module,
      'push-web-main.ts': module,
      'push-web-main+deploy': script,
      'push-web-a+b.ts': module,
      'push-other.ts': module,
      'issues.ts': module,
      all: script,
      '_helper.ts': module,
      'push-web-main.js': module,
    });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lists the hooks a delivery would run, in order, with the rule, the parent, the kind and the file', async () => {
    const { code, output } = await runCli(['hooks', 'push', '--repo', 'acme/web', '--branch', 'main', '--config', config]);
    expect(code).toBe(0);
    const hooks = join(dir, 'hooks');
    expect(output).toContain(
      [
        ' 1. push-web-main         parent, rule {event}-{repo}-{branch}; module ' + join(hooks, 'push-web-main.ts'),
        ' 2. push-web-main+deploy  child of "push-web-main" (rule {event}-{repo}-{branch}); legacy script ' + join(hooks, 'push-web-main+deploy'),
        ' 3. push-web              parent, rule {event}-{repo}; module ' + join(hooks, 'push-web.mjs'),
        ' 4. push                  parent, rule {event}; module ' + join(hooks, 'push.ts'),
        ' 5. push+notify           child of "push" (rule {event}); module ' + join(hooks, 'push+notify.ts'),
        ' 6. all                   parent, rule all; legacy script ' + join(hooks, 'all'),
      ].join('\n'),
    );
    expect(output).toContain(`warning: push-web-main: two files give this name; ${join(hooks, 'push-web-main.ts')} is used, ${join(hooks, 'push-web-main.js')} ignored`);
    expect(output).not.toMatch(/push-other|issues|_helper|must not run/);
    // A child whose parent has a file is clearly a child: no warning about "+".
    expect(output).not.toMatch(/warning: push-web-main\+deploy: a child of "push-web-main" here/);
  });

  it('lists each name that reads two ways with both readings: a push to a repository named web-main, branch evil, runs push-web-main', async () => {
    const { code, output } = await runCli(['hooks', 'push', '--repo', 'mallory/web-main', '--branch', 'evil', '--config', config]);
    expect(code).toBe(0);
    const hooks = join(dir, 'hooks');
    expect(output).toContain(
      [
        ' 1. push-web-main         parent, rule {event}-{repo}; module ' + join(hooks, 'push-web-main.ts'),
        ' 2. push-web-main+deploy  child of "push-web-main" (rule {event}-{repo}); legacy script ' + join(hooks, 'push-web-main+deploy'),
      ].join('\n'),
    );
    const pin = "export const repository = '…' and export const branch = '…'";
    const readings = output.split('\n').filter((line) => line.includes(' reads '));
    expect(readings).toEqual([
      `warning: push-web-a+b: a child of "push-web-a", whose name reads 2 ways: event push, repository "web-a"; event push, repository "web", branch "a"; unless its module pins one (${pin}), it runs for each`,
      `warning: push-web-main: the name reads 2 ways: event push, repository "web-main"; event push, repository "web", branch "main"; unless its module pins one (${pin}), it runs for each`,
      `warning: push-web-main+deploy: a child of "push-web-main", whose name reads 2 ways: event push, repository "web-main"; event push, repository "web", branch "main"; unless its module pins one (${pin}), it runs for each`,
    ]);
    // The same whatever the delivery: a property of the names.
    const json = JSON.parse((await runCli(['hooks', 'issues', '--json', '--config', config])).output);
    expect(json.warnings.filter((line: string) => line.includes(' reads '))).toEqual(readings.map((line) => line.slice('warning: '.length)));
  });

  it('warns where "+" in a branch name makes a name read two ways', async () => {
    const child = await runCli(['hooks', 'push', '--repo', 'web', '--branch', 'a', '--config', config]);
    expect(child.output).toMatch(/^ 1\. push-web-a\+b +child of "push-web-a"/m);
    expect(child.output).toContain('warning: push-web-a+b: a child of "push-web-a" here, and also the name of the hook of branch "a+b"');
    const parent = await runCli(['hooks', 'push', '--repo', 'web', '--branch', 'a+b', '--config', config]);
    expect(parent.output).toMatch(/^ 1\. push-web-a\+b +parent, rule \{event\}-\{repo\}-\{branch\}/m);
    expect(parent.output).toContain('warning: push-web-a+b: the hook of branch "a+b" here, and also a child of "push-web-a": it runs on deliveries to branch "a" too');
  });

  it('follows child_hooks "prefix" and legacy_scripts, warns about ambiguous names, and prints JSON', async () => {
    await writeFile(config, JSON.stringify({ hooks_path: 'hooks', child_hooks: 'prefix', legacy_scripts: false }));
    const { code, output } = await runCli(['hooks', 'push', '--repo', 'web', '--branch', 'dev', '--json', '--config', config]);
    expect(code).toBe(0);
    const json = JSON.parse(output);
    expect(json).toMatchObject({ event: 'push', repository: 'web', branch: 'dev', child_hooks: 'prefix' });
    // Under "prefix" every push-… name is a child of `push`, and the parents come first, as in
    // the original; scripts are not hooks.
    expect(json.hooks.map((h: { hook: string; role: string; parent: string }) => `${h.hook} ${h.role} ${h.parent}`)).toEqual([
      'push-web parent push-web',
      'push parent push',
      'push-web-a+b child push-web',
      'push-web-main child push-web',
      'push+notify child push',
      'push-other child push',
    ]);
    expect(json.warnings).toContain('push-web-main: under child_hooks "prefix" it also runs as a child of "push", "push-web", on every delivery that reaches them');
    expect(json.warnings).toContain('legacy_scripts is off: executable scripts are not hooks');
  });

  it('says when nothing would run, and exits 2 on a config error', async () => {
    expect((await runCli(['hooks', 'ping', '--config', config])).output).toContain('a ping runs no hooks');
    await writeFile(config, JSON.stringify({ hooks_path: '.' }));
    expect((await runCli(['hooks', 'star', '--repo', 'web', '--config', config])).output).toContain('no hook would run: genvoy answers {"status":"nop"}');
    await writeFile(config, '{"hooks_path": 1}');
    expect(await runCli(['hooks', 'push', '--config', config])).toMatchObject({ code: 2, output: expect.stringMatching(/"hooks_path": .*expected string/) });
  });
});
