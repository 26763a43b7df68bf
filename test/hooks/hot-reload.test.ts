import { existsSync } from 'node:fs';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { eventually, startServer, writeHooks, type TestServer } from '../support/server.ts';

describe('hot reload of the hooks folder', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  const ran = async () => (await server.post('issues', example('issues'))).body as Record<string, { stdout: string; status: string; stderr: string }>;

  it('takes up an added, changed and removed hook without a restart', async () => {
    server = await startServer({}, {});
    expect(await ran()).toEqual({ status: 'nop' });
    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = () => "v1";' });
    await eventually(async () => (await ran()).issues?.stdout === '"v1"');
    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = () => "v2";' });
    await eventually(async () => (await ran()).issues?.stdout === '"v2"');
    await rm(join(server.hooksDir, 'issues.ts'));
    await eventually(async () => (await ran()).status === ('nop' as never));
    expect(server.logs().filter((l) => l.msg === 'hook module reloaded').length).toBeGreaterThanOrEqual(1);
  });

  it('reloads a hook when a helper it imports changes', async () => {
    server = await startServer({}, {
      'issues.ts': 'import { word } from "./_words.ts"; export const handle = () => word;',
      '_words.ts': 'export const word = "before";',
    });
    expect((await ran()).issues?.stdout).toBe('"before"');
    await writeHooks(server.hooksDir, { '_words.ts': 'export const word = "after";' });
    await eventually(async () => (await ran()).issues?.stdout === '"after"');
  });

  it('shows a module that fails to load as its result, keeps the others working, and recovers when fixed', async () => {
    server = await startServer({}, { 'issues.ts': 'export const handle = () => "good";', 'all.ts': 'export const handle = () => "all";' });
    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = ( => ;' });
    await eventually(async () => (await ran()).issues?.status === 'failed');
    const broken = await ran();
    expect(broken.issues!.stderr).toMatch(/^hook module failed to load/);
    expect(broken.all!.stdout).toBe('"all"');
    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = () => "fixed";' });
    await eventually(async () => (await ran()).issues?.stdout === '"fixed"');
  });

  it('takes up a new legacy script', async () => {
    server = await startServer({}, {});
    await writeHooks(server.hooksDir, { issues: { text: '#!/bin/sh\necho script\n', script: true } });
    await eventually(async () => (await ran()).issues?.stdout === 'script\n');
  });

  it('takes up a script once it is made executable', async () => {
    server = await startServer({}, { issues: { text: '#!/bin/sh\necho now\n', script: false } });
    expect(await ran()).toEqual({ status: 'nop' });
    await chmod(join(server.hooksDir, 'issues'), 0o755);
    await eventually(async () => (await ran()).issues?.stdout === 'now\n');
  });

  it('calls dispose() of the last good version once a new one has loaded, even after a broken one', async () => {
    const marker = 'disposed-v1';
    server = await startServer({}, { 'issues.ts': `import { writeFileSync } from 'node:fs'; export const handle = () => 1; export function dispose() { writeFileSync(import.meta.dirname + '/../${marker}', 'x'); }` });
    await writeFile(join(server.hooksDir, 'issues.ts'), 'export const handle = ( => 2;');
    await eventually(async () => (await ran()).issues?.status === 'failed');
    expect(existsSync(join(server.dir, marker))).toBe(false);
    await writeFile(join(server.hooksDir, 'issues.ts'), 'export const handle = () => 3;');
    await eventually(async () => (await ran()).issues?.stdout === '3');
    await eventually(() => existsSync(join(server.dir, marker)));
  });

  it('recovers a hook whose helper was broken at start once the helper is fixed', async () => {
    server = await startServer({}, { 'issues.ts': 'import { word } from "./_words.ts"; export const handle = () => word;', '_words.ts': 'export const word = ;' });
    expect((await ran()).issues?.status).toBe('failed');
    await writeHooks(server.hooksDir, { '_words.ts': 'export const word = "fixed";' });
    await eventually(async () => (await ran()).issues?.stdout === '"fixed"');
  });
});

describe('hot reload of the config', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('applies an edit to the next delivery, and keeps the last good config when an edit is broken', async () => {
    server = await startServer({ return_scripts_info: true, dispatch: 'sync' }, { 'issues.ts': 'export const handle = () => 1;' });
    const config = JSON.parse(await readFile(server.configFile, 'utf8'));
    await writeFile(server.configFile, JSON.stringify({ ...config, return_scripts_info: false }));
    await eventually(async () => (await ran()).status === 'done');

    await writeFile(server.configFile, '{ "return_scripts_info": true, '); // does not parse
    await eventually(() => server.logs().some((l) => l.msg === 'config edit rejected; the last good config stays in force'));
    await writeFile(server.configFile, JSON.stringify({ ...config, return_scripts_info: 'yes' })); // does not validate
    await eventually(() => server.logs().filter((l) => l.msg === 'config edit rejected; the last good config stays in force').length >= 2);
    const rejected = server.logs().filter((l) => l.msg === 'config edit rejected; the last good config stays in force');
    expect(String(rejected.at(-1)!.error)).toMatch(/"return_scripts_info": .*boolean/);
    expect((await ran()).status).toBe('done');
  });

  it('never quotes the config file in its error, where a secret may stand', async () => {
    server = await startServer({}, {});
    await writeFile(server.configFile, '{ "enforce_secret": ["old-secret-AAAA", "new-secret-BBBB",] }');
    await eventually(() => server.logs().some((l) => l.msg === 'config edit rejected; the last good config stays in force'));
    expect(JSON.stringify(server.logs())).not.toContain('secret-BBBB');
  });

  it('follows a change of hooks_path', async () => {
    server = await startServer({}, { 'issues.ts': 'export const handle = () => "old folder";' });
    await writeHooks(join(server.dir, 'other-hooks'), { 'issues.ts': 'export const handle = () => "new folder";' });
    const config = JSON.parse(await readFile(server.configFile, 'utf8'));
    await writeFile(server.configFile, JSON.stringify({ ...config, hooks_path: 'other-hooks' }));
    await eventually(async () => ((await ran()) as { issues?: { stdout: string } }).issues?.stdout === '"new folder"');
  });

  async function ran() {
    return (await server.post('issues', example('issues'))).body as Record<string, unknown>;
  }
});
