import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { HookFolder } from '../../src/runtime/hook-folder/hook-folder.ts';
import { writeHooks } from '../support/server.ts';

let folder: HookFolder | undefined;
afterEach(async () => {
  await folder?.close();
  if (folder) await rm(join(folder.dir, '..'), { recursive: true, force: true });
});

it('lists hook names sorted by name (the order children run in), whatever order they were written in', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'genvoy-folder-')), 'hooks');
  await writeHooks(dir, {
    'push+2.ts': 'export const handle = () => 2;',
    'push+10': { text: '#!/bin/sh\n', script: true },
    'push+1.mjs': 'export const handle = () => 1;',
    '_helper.ts': 'export const x = 1;',
  });
  folder = new HookFolder(dir, pino({ level: 'silent' }), {});
  await folder.open();
  expect(folder.names()).toEqual(['push+1', 'push+10', 'push+2']);
  folder.scripts = false;
  expect(folder.names()).toEqual(['push+1', 'push+2']);
});

it('describes each hook with its file, its load time or load error, and tells of every load and reload', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'genvoy-folder-')), 'hooks');
  await writeHooks(dir, {
    'push.ts': 'export const handle = () => 1;',
    'broken.ts': 'export const handle = ( =>',
    'all': { text: '#!/bin/sh\n', script: true },
  });
  const loads: Array<{ file: string; reload: boolean; error?: string }> = [];
  const before = Date.now();
  folder = new HookFolder(dir, pino({ level: 'silent' }), { onLoad: (load) => loads.push(load) });
  await folder.open();
  const described = folder.describe();
  expect(described.map(({ name, kind, file }) => ({ name, kind, file }))).toEqual([
    { name: 'all', kind: 'script', file: join(dir, 'all') },
    { name: 'broken', kind: 'module', file: join(dir, 'broken.ts') },
    { name: 'push', kind: 'module', file: join(dir, 'push.ts') },
  ]);
  const [script, broken, push] = described;
  expect(script!.loadedAt).toBeUndefined();
  expect(broken!.error).toMatch(/broken\.ts/);
  expect(push!.loadedAt).toBeGreaterThanOrEqual(before);
  expect(loads).toContainEqual({ file: join(dir, 'push.ts'), reload: false });
  expect(loads.find((load) => load.file.endsWith('broken.ts'))?.error).toBeTruthy();

  await writeHooks(dir, { 'push.ts': 'export const handle = () => 2;' });
  // (broken.ts is tried again on any change too: its load may come before or after push.ts's.)
  const pushLoads = () => loads.filter((load) => load.file.endsWith('push.ts'));
  await expect.poll(() => pushLoads().length, { timeout: 15_000 }).toBe(2);
  expect(pushLoads()[1]).toEqual({ file: join(dir, 'push.ts'), reload: true });
  expect(folder.describe()[2]!.loadedAt).toBeGreaterThanOrEqual(push!.loadedAt!);
});
