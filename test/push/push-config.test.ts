import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadPushConfig } from '../../src/libs/push/push-config.ts';
import { repoRoot } from '../support/cli.ts';

it('the shipped config/push.json is valid, its paths beside it', async () => {
  const config = await loadPushConfig(join(repoRoot, 'config/push.json'));
  expect(config.clone_dir).toBe(join(repoRoot, 'clones'));
  expect(config.clone_protocols).toEqual(['https', 'ssh']);
  expect(config.private_repositories).toBe(false);
});

it('names each bad key, nested ones with their path, and no value', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-push-config-'));
  const file = join(dir, 'push.json');
  await writeFile(file, JSON.stringify({ clone_protocols: ['ext'], allow: { paths: [], colour: 'crimson-value' }, notify_config: 'n.json' }));
  await expect(loadPushConfig(file)).rejects.toThrow(/"clone_protocols\.0": .*"allow\.colour": unknown key/);
  await expect(loadPushConfig(file)).rejects.not.toThrow(/crimson-value/);
  await writeFile(file, JSON.stringify({ notify_config: 'n.json', clone_dir: '/abs/clones' }));
  expect(await loadPushConfig(file)).toMatchObject({ notify_config: join(dir, 'n.json'), clone_dir: '/abs/clones' });
});
