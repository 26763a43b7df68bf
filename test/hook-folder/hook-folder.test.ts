import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { HookFolder } from '../../src/hook-folder/hook-folder.ts';
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
