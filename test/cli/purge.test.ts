import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type Running } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { post, writeHooks } from '../support/server.ts';

describe('genvoy purge (a real process, beside a running server)', () => {
  let dir: string;
  let running: Running | undefined;
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await once(running.child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("removes one repository's finished deliveries from the journal and their backups; those still running stay", async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-purge-'));
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, hooks_path: 'hooks', backup_path: 'backup', journal_path: 'genvoy.db', retry_backoff_s: 3600 }));
    await mkdir(join(dir, 'backup'));
    // Issue 99 fails, so that its delivery waits for a retry: it is not finished.
    await writeHooks(join(dir, 'hooks'), { issues: { text: '#!/bin/sh\ngrep -q \'"number":99,\' "$1" && exit 1\nexit 0\n', script: true } });
    running = await startCli(['serve', '--config', config, '--port', '0']);
    const issue = (repository: string, number: number) => ({ ...example('issues'), issue: { ...(example('issues').issue as object), number }, repository: { ...(example('issues').repository as object), name: repository, full_name: `acme/${repository}` } });
    for (const [repository, number] of [['alpha', 1], ['alpha', 2], ['beta', 3], ['alpha', 99]] as const) {
      expect((await post(running.url, 'issues', issue(repository, number))).status).toBe(200);
    }
    expect(await readdir(join(dir, 'backup'))).toHaveLength(4);

    const purged = await runCli(['purge', '--repo', 'acme/alpha', '--config', config]);
    expect(purged).toEqual({ code: 0, output: `removed 2 finished deliveries of alpha from ${join(dir, 'genvoy.db')} and 2 backups from ${join(dir, 'backup')}; 1 still running stay (run purge again once they finish)\n` });
    const left = JSON.parse((await runCli(['deliveries', '--json', '--config', config])).output) as Array<{ repository: string; state: string }>;
    expect(left.map((d) => `${d.repository} ${d.state}`).sort()).toEqual(['alpha pending', 'beta done']);
    expect(await readdir(join(dir, 'backup'))).toHaveLength(2);
    expect((await runCli(['purge', '--repo', 'alpha', '--config', join(dir, 'none.json')])).code).toBe(2);
  }, 60_000);
});
