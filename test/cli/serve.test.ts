import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, shippedConfig, startCli, runCli, type Running } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { countingHook, runs } from '../support/runs.ts';
import { eventually, post, writeHooks } from '../support/server.ts';

describe('genvoy serve', () => {
  let running: Running | undefined;
  let shipped: string | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await once(running.child, 'exit');
    }
    running = undefined;
    if (shipped) await rm(dirname(shipped), { recursive: true, force: true });
    shipped = undefined;
  });

  it('prints its version, the one in package.json', async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, output: `${version}\n` });
  });

  it('gives --help for every command, each that reads a config taking --config, and exits 2 on an unknown option', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.output.matchAll(/^  ([a-z-]+) \[options\]/gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['serve', 'worker', 'relay', 'send', 'hooks', 'check-config', 'deliveries', 'show', 'replay', 'reconcile', 'init', 'migrate']));
    const helps = await Promise.all(commands.map((command) => runCli([command, '--help'])));
    commands.forEach((command, i) => {
      expect(helps[i], command).toMatchObject({ code: 0 });
      expect(helps[i]!.output, command).toMatch(new RegExp(`^Usage: genvoy ${command} `));
      // init writes a new project's config: it reads none; migrate reads the original's config and writes genvoy's.
      if (command !== 'init' && command !== 'migrate') expect(helps[i]!.output, command).toMatch(/-c, --config <file>/);
    });
    expect((await runCli(['deliveries', '--no-such-option'])).code).toBe(2);
  }, 60_000);

  it('serves the shipped config and hooks to loopback, warns that no secret is set, and stops cleanly on SIGTERM', async () => {
    shipped = await shippedConfig();
    running = await startCli(['serve', '--config', shipped, '--port', '0']);
    expect(running.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(running.output()).toMatch(/no secret set .*anyone who can reach port \d+ can trigger hooks/);
    const answer = await post(running.url.replace('0.0.0.0', '127.0.0.1'), 'issues', example('issues'));
    expect(answer.status).toBe(200);
    expect(answer.body.all).toMatchObject({ returncode: 0, status: 'ok' });
    running.child.kill('SIGTERM');
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(0);
    expect(running.output()).toMatch(/genvoy stopped/);
  });

  it('resolves paths against the config file, takes --port and GENVOY_SECRET, and maps stack traces to .ts lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-cli-'));
    await writeHooks(join(dir, 'my-hooks'), { 'issues.ts': 'export const handle = () => {\n  throw new Error("from line 2");\n};\n' });
    await writeFile(join(dir, 'genvoy.json'), JSON.stringify({ http_host: '127.0.0.1', http_port: 1, hooks_path: 'my-hooks', github_ips_only: false, enforce_secret: 'file-secret' }));
    running = await startCli(['serve', '--config', join(dir, 'genvoy.json'), '--port', '0'], { GENVOY_SECRET: 'env-secret-xyz' });
    expect(running.url).not.toMatch(/:1$/);
    expect((await post(running.url, 'issues', example('issues'), { secret: 'file-secret' })).status).toBe(403);
    const answer = await post(running.url, 'issues', example('issues'), { secret: 'env-secret-xyz' });
    expect(answer.body.issues.stderr).toBe('from line 2');
    await eventually(() => /my-hooks\/issues\.ts:2:\d+/.test(running!.output())); // the log line may trail the answer
    expect(running.output()).not.toContain('env-secret-xyz');
  });

  it('on Ctrl-C (SIGINT to its whole process group) lets a running script finish and answer, then exits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-cli-'));
    await writeHooks(join(dir, 'hooks'), { issues: { text: '#!/bin/sh\ntouch "$(dirname "$0")/../started"\nsleep 1\necho done\n', script: true } });
    await writeFile(join(dir, 'genvoy.json'), JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false }));
    running = await startCli(['serve', '--config', join(dir, 'genvoy.json'), '--port', '0'], {}, true);
    const answer = post(running.url, 'issues', example('issues'));
    await eventually(() => existsSync(join(dir, 'started')));
    process.kill(-running.child.pid!, 'SIGINT');
    expect((await answer).body.issues).toMatchObject({ status: 'ok', returncode: 0, stdout: 'done\n' });
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start on a config with an unknown key or a wrong type, naming the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-cli-'));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ http_port: '5000', htp_port: 1 }));
    const { code, output } = await runCli(['serve', '--config', join(dir, 'bad.json')]);
    expect(code).not.toBe(0);
    expect(output).toMatch(/"http_port": .*expected number/);
    expect(output).toMatch(/"htp_port": unknown key/);
    await writeFile(join(dir, 'broken.json'), '{\n  "http_port": 5000\n  "debug_level": "DEBUG"\n}\n');
    const broken = await runCli(['serve', '--config', join(dir, 'broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.output).toContain(`genvoy serve: ${join(dir, 'broken.json')}:3:3: not valid JSON: expected "," or "}"`);
    const missing = await runCli(['serve', '--config', join(dir, 'nope.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/nope\.json: cannot read/);
  });

  it('refuses a port in use with one clear line and exit 2, for serve and relay alike', async () => {
    shipped = await shippedConfig();
    running = await startCli(['serve', '--config', shipped, '--port', '0']);
    const port = new URL(running.url).port;
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-cli-'));
    for (const command of ['serve', 'relay']) {
      await writeFile(join(dir, `${command}.json`), JSON.stringify({ github_ips_only: false, journal_path: `${command}.db` }));
      const { code, output } = await runCli([command, '--config', join(dir, `${command}.json`), '--port', port], { GENVOY_RELAY_TOKEN: 'a-relay-token-of-some-length' });
      expect(code).toBe(2);
      expect(output).toMatch(new RegExp(`genvoy ${command}: 0\\.0\\.0\\.0 port ${port} is in use by another program: pass --port N`));
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('a second genvoy started on the same config and port stops at the port: it never resumes the hooks the first is running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-cli-'));
    await writeHooks(join(dir, 'hooks'), { 'push.ts': countingHook('await new Promise((r) => setTimeout(r, 8000));') });
    await writeFile(join(dir, 'config.json'), JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, hooks_path: 'hooks', journal_path: 'genvoy.db', dispatch: 'async' }));
    running = await startCli(['serve', '--config', join(dir, 'config.json'), '--port', '0']);
    expect((await post(running.url, 'push', example('push'), { delivery: 'in-flight' })).status).toBe(202);
    await eventually(() => runs(dir).length === 1);
    const second = await runCli(['serve', '--config', join(dir, 'config.json'), '--port', new URL(running.url).port]);
    expect(second.code).toBe(2);
    expect(second.output).toMatch(/is in use by another program/);
    expect(second.output).not.toMatch(/resuming deliveries/);
    expect(runs(dir)).toEqual([['in-flight', 'push']]); // still only the first one's run
  }, 30_000);
});
