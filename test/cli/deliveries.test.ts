import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, terminalControl } from '../support/cli.ts';
import { branchPush, example } from '../support/examples.ts';
import { countingHook } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe('genvoy deliveries and genvoy show (real processes, beside a running server)', () => {
  let server: TestServer;
  afterEach(() => server?.stop());

  const start = async () => {
    server = await startServer({ retry_attempts: 1 }, { 'issues.ts': countingHook("if (ctx.delivery === 'bad-1') throw new Error('the hook broke');"), 'push+log.ts': countingHook() });
    await server.post('issues', example('issues', (p) => p.action === 'opened'), { delivery: 'good-1' });
    await server.post('push', branchPush(), { delivery: 'push-1' });
    await server.post('issues', example('issues', (p) => p.action === 'opened'), { delivery: 'bad-1' });
    await eventually(() => server.journal().get('bad-1')?.state === 'dead');
  };

  it('lists the journal newest first with each hook\'s state, and filters it', async () => {
    await start();
    const all = await runCli(['deliveries', '--config', server.configFile]);
    expect(all.code).toBe(0);
    const lines = all.output.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RECEIVED \(UTC\) +DELIVERY +EVENT +ACTION +REPOSITORY +BRANCH +STATE +HOOKS$/);
    const repo = (example('issues') as { repository: { name: string } }).repository.name;
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +bad-1 +issues +opened +${repo} +- +dead +issues:dead$`));
    expect(lines[2]).toMatch(/ push-1 +push +- +\S+ +\S+ +done +push\+log:ok$/);
    expect(lines[3]).toMatch(/ good-1 +issues +opened .* done +issues:ok$/);
    expect(lines).toHaveLength(4);

    expect((await runCli(['deliveries', '--failed', '--config', server.configFile])).output).toMatch(/^RECEIVED.*\n.* bad-1 .*\n$/);
    expect((await runCli(['deliveries', '--event', 'push', '--config', server.configFile])).output).toMatch(/^RECEIVED.*\n.* push-1 .*\n$/);
    expect((await runCli(['deliveries', '--limit', '1', '--config', server.configFile])).output).toMatch(/^RECEIVED.*\n.* bad-1 .*\n$/);
    expect((await runCli(['deliveries', '--repo', `someone/${repo}`, '--event', 'issues', '--config', server.configFile])).output.trimEnd().split('\n')).toHaveLength(3);
    expect((await runCli(['deliveries', '--since', '2d', '--repo', 'nowhere', '--config', server.configFile])).output).toBe('no deliveries match\n');
    const json = JSON.parse((await runCli(['deliveries', '--json', '--failed', '--config', server.configFile])).output);
    expect(json).toMatchObject([{ id: 'bad-1', event: 'issues', state: 'dead', hooks: [{ hook: 'issues', state: 'dead', attempts: 1, result: { returncode: 1, status: 'failed' } }] }]);
    expect((await runCli(['deliveries', '--since', 'yesterday', '--config', server.configFile])).code).toBe(2);

    // The server goes on journaling while the CLI reads.
    await server.post('issues', example('issues'), { delivery: 'after-1' });
    expect((await runCli(['deliveries', '--config', server.configFile])).output).toMatch(/ after-1 /);
  }, 60_000);

  it("shows one delivery's headers, payload and hooks, and exits 1 for an unknown id", async () => {
    await start();
    const shown = await runCli(['show', 'bad-1', '--config', server.configFile]);
    expect(shown.code).toBe(0);
    expect(shown.output).toMatch(/^delivery bad-1: issues\.opened, dead\n/);
    expect(shown.output).toContain('  x-github-event: issues\n');
    expect(shown.output).toContain('  user-agent: GitHub-Hookshot/test\n');
    expect(shown.output).toMatch(/\n {2}issues: dead, 1 run\n {4}last result: failed, returncode 1, [\d.]+ ms\n {4}stderr:\n {6}the hook broke\n/);
    expect(shown.output).toContain(`payload:\n${JSON.stringify(example('issues', (p) => p.action === 'opened'), null, 2)}\n`);

    const child = await runCli(['show', 'push-1', '--json', '--config', server.configFile]);
    expect(JSON.parse(child.output)).toMatchObject({ id: 'push-1', state: 'done', hooks: [{ hook: 'push+log', parent: 'push', state: 'ok', attempts: 1, result: { stdout: '1' } }], payload: branchPush() });

    expect(await runCli(['show', 'nope', '--config', server.configFile])).toEqual({ code: 1, output: `genvoy show: no delivery nope in the journal ${join(server.dir, 'genvoy.db')}\n` });

    // Run again, the run before stays: shown after the hooks of this one.
    server.journal().restart('bad-1', [{ hook: 'issues', parent: 'issues' }]);
    const again = await runCli(['show', 'bad-1', '--config', server.configFile]);
    expect(again.output).toMatch(/\n {2}issues: pending, 0 runs\n\nearlier run 1, until [\d-]+ [\d:]+ UTC:\n {2}issues: dead, 1 run\n {4}last result: failed, returncode 1/);
    const againJson = JSON.parse((await runCli(['show', 'bad-1', '--json', '--config', server.configFile])).output);
    expect(againJson.earlier_runs).toMatchObject([{ run: 1, hooks: [{ hook: 'issues', state: 'dead', attempts: 1, result: { stderr: expect.stringContaining('the hook broke') } }] }]);
  }, 60_000);

  it('prints untrusted names with every control escaped: one line per row, nothing a terminal acts on', async () => {
    server = await startServer();
    // Raw in the JSON text: U+202E (right-to-left override) and U+009B (a CSI to some terminals); escaped: LF, ESC, CR, BEL.
    const name = 'web\nsite\u001b[31m\u202e\u009b2J';
    const body = `{"repository":{"name":"web\\nsite\\u001b[31m\u202e\u009b2J","full_name":"acme/web"},"ref":"refs/heads/main\\r2026-01-01 00:00:00  forged\\u0007"}`;
    expect(JSON.parse(body).repository.name).toBe(name);
    expect((await server.post('push', body, { delivery: 'hostile-1' })).status).toBe(200);

    const listed = await runCli(['deliveries', '--config', server.configFile]);
    expect(listed.code).toBe(0);
    expect(listed.output).not.toMatch(terminalControl);
    const rows = listed.output.trimEnd().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/ hostile-1 +push +- +web\\nsite\\x1b\[31m\\u202e\\x9b2J +main\\r2026-01-01 00:00:00  forged\\x07 +done +none$/);
    const json = await runCli(['deliveries', '--json', '--config', server.configFile]);
    expect(json.output).not.toMatch(terminalControl);
    expect(JSON.parse(json.output)).toMatchObject([{ id: 'hostile-1', repository: name, branch: 'main\r2026-01-01 00:00:00  forged\u0007' }]);

    const shown = await runCli(['show', 'hostile-1', '--config', server.configFile]);
    expect(shown.code).toBe(0);
    expect(shown.output).not.toMatch(terminalControl);
    expect(shown.output).toContain('\nrepository web\\nsite\\x1b[31m\\u202e\\x9b2J, branch main\\r2026-01-01 00:00:00  forged\\x07\n');
    expect(shown.output).toContain('"name": "web\\nsite\\u001b[31m\\u202e\\u009b2J"');
    const shownJson = await runCli(['show', 'hostile-1', '--json', '--config', server.configFile]);
    expect(shownJson.output).not.toMatch(terminalControl);
    expect(JSON.parse(shownJson.output).payload).toEqual(JSON.parse(body));
  }, 60_000);

  it('shows any payload the server took: 100,000 levels deep, with a 5 MB string', async () => {
    server = await startServer();
    const depth = 100_000;
    const big = 'x'.repeat(5_000_000);
    const body = `{"repository":{"name":"web"},"deep":${'['.repeat(depth)}"${big}"${']'.repeat(depth)}}`;
    expect((await server.post('issues', body, { delivery: 'deep-1' })).status).toBe(200);

    const shown = await runCli(['show', 'deep-1', '--config', server.configFile]);
    expect({ code: shown.code, error: /RangeError.*/.exec(shown.output)?.[0] }).toEqual({ code: 0, error: undefined });
    const payload = shown.output.slice(shown.output.indexOf('\npayload:\n') + 10);
    // Laid out as JSON.stringify would near the top; the depths below stay on one line.
    expect(payload).toMatch(/^\{\n {2}"repository": \{\n {4}"name": "web"\n {2}\},\n {2}"deep": \[\n {4}\[\n/);
    expect(payload.split('\n').length).toBeLessThan(100);
    expect(payload).toContain(`${'['.repeat(depth - 40)}"${big}"${']'.repeat(depth - 40)}`);

    const json = await runCli(['show', 'deep-1', '--json', '--config', server.configFile]);
    expect(json.code).toBe(0);
    let value = JSON.parse(json.output).payload.deep;
    for (let level = 0; level < depth; level++) value = value[0];
    expect(value).toBe(big);
  }, 60_000);

  it('says when there is no journal (exit 1) and when the queue is Redis (exit 2)', async () => {
    server = await startServer({ journal_path: ':memory:' });
    const config = join(server.dir, 'other.json');
    await writeFile(config, JSON.stringify({ journal_path: 'never/written.db' }));
    const none = await runCli(['deliveries', '--config', config]);
    expect(none.code).toBe(1);
    expect(none.output).toMatch(/no journal at .*never\/written\.db \(has genvoy serve run with this config\?\)/);
    await writeFile(config, JSON.stringify({ queue: { type: 'redis', url: 'redis://127.0.0.1:1' } }));
    const redis = await runCli(['show', 'x', '--config', config]);
    expect(redis.code).toBe(2);
    expect(redis.output).toMatch(/queue\.type "redis".*in Redis/);
  });
});
