import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloneRepository } from '../../src/libs/git/clone.ts';
import { newCloneFolder, pruneCloneFolders, timestamp } from '../../src/libs/git/clone-folders.ts';
import { commitDiff } from '../../src/libs/git/commit-diff.ts';
import { runGit } from '../../src/libs/git/run-git.ts';
import { addedLines } from '../../src/libs/secrets/added-lines.ts';
import { git, testRepo, type TestRepo } from '../support/git-repo.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genvoy-clones-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('runGit', () => {
  it('never runs a transport helper, even when handed one directly', async () => {
    const marker = join(dir, 'pwned');
    await expect(runGit(['clone', '--', `ext::sh -c touch% ${marker}`, join(dir, 'clone')])).rejects.toThrow(/git clone failed/);
    await expect(runGit(['-c', 'protocol.ext.allow=always', 'clone', '--', `ext::sh -c touch% ${marker}`, join(dir, 'clone2')])).rejects.toThrow(/git clone failed/);
    expect(existsSync(marker)).toBe(false);
  });

  it('speaks only the protocols it is given', async () => {
    const repo = await testRepo();
    try {
      await repo.commit({});
      await repo.push();
      await expect(runGit(['clone', '--', repo.url, join(dir, 'https-only')], { protocols: ['https'] })).rejects.toThrow(/transport 'file' not allowed/);
      await runGit(['clone', '--quiet', '--', repo.url, join(dir, 'file-too')], { protocols: ['https', 'file'] });
      expect(existsSync(join(dir, 'file-too', '.git'))).toBe(true);
    } finally {
      await repo.remove();
    }
  });

  it('names the command that failed, with git\'s message', async () => {
    await expect(runGit(['-c', 'core.quotePath=false', 'clone', '--', `file://${dir}/none.git`, join(dir, 'c')])).rejects.toThrow(/^git clone failed \(exit 128\): .*does not appear to be a git repository/s);
  });
});

describe('clone folders', () => {
  it('are named by UTC time, with -2, -3… within one millisecond', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    expect(timestamp(at)).toBe('20260304-050607-089');
    const made = [await newCloneFolder(dir, at), await newCloneFolder(dir, at), await newCloneFolder(dir, at)];
    expect(made.map((d) => d.slice(dir.length + 1))).toEqual(['20260304-050607-089', '20260304-050607-089-2', '20260304-050607-089-3']);
  });

  it('prune keeps the newest, counting -10 after -9, and leaves other names alone', async () => {
    const names = ['20260101-000000-000', '20260101-000000-000-9', '20260101-000000-000-10', '20251231-235959-999', 'keep-me', '20260101-000000-000.txt'];
    for (const name of names) await mkdir(join(dir, name));
    const removed = await pruneCloneFolders(dir, 2);
    expect(removed.map((d) => d.slice(dir.length + 1)).sort()).toEqual(['20251231-235959-999', '20260101-000000-000']);
    expect((await readdir(dir)).sort()).toEqual(['20260101-000000-000-10', '20260101-000000-000-9', '20260101-000000-000.txt', 'keep-me']);
  });
});

describe('commitDiff read by addedLines', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await testRepo();
  });
  afterEach(() => repo.remove());

  it('gives each added line with its file, line number and commit, whatever the user config says', async () => {
    const first = await repo.commit({ 'a.txt': 'one\ntwo\n', 'weird name\t"q".txt': 'x\n' });
    const second = await repo.commit({ 'a.txt': 'one\nTWO\nthree\n', 'gone.txt': 'bye\n' });
    const third = await repo.commit({ 'gone.txt': null, 'b.txt': '+++ b/not-a-header\n@@ -1 +1 @@\ncommit ' + 'f'.repeat(40) + '\n' });
    await repo.push();
    const clone = join(dir, 'clone');
    await cloneRepository(repo.url, clone);
    await git(clone, 'config', 'diff.noprefix', 'true'); // a user's config must not change what is read
    await git(clone, 'config', 'color.ui', 'always');

    const lines = addedLines(await commitDiff(clone, [third, second, first], { maxBytes: 1e6 }));

    expect(lines.map(({ commit, file, line, text }) => [commit.slice(0, 7), file, line, text])).toEqual([
      [third.slice(0, 7), 'b.txt', 1, '+++ b/not-a-header'],
      [third.slice(0, 7), 'b.txt', 2, '@@ -1 +1 @@'],
      [third.slice(0, 7), 'b.txt', 3, 'commit ' + 'f'.repeat(40)],
      [second.slice(0, 7), 'a.txt', 2, 'TWO'],
      [second.slice(0, 7), 'a.txt', 3, 'three'],
      [second.slice(0, 7), 'gone.txt', 1, 'bye'],
      [first.slice(0, 7), 'a.txt', 1, 'one'],
      [first.slice(0, 7), 'a.txt', 2, 'two'],
      [first.slice(0, 7), 'weird name\t"q".txt', 1, 'x'],
    ]);
  });
});
