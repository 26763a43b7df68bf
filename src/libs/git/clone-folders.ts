import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** `YYYYMMDD-HHMMSS-mmm` (UTC), with `-2`, `-3`… when two clones start in the same millisecond. */
const cloneFolderName = /^\d{8}-\d{6}-\d{3}(?:-\d+)?$/;

export function timestamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19);
}

/** Makes a new, empty, timestamped folder under `root` (and `root` itself if needed). */
export async function newCloneFolder(root: string, at = new Date()): Promise<string> {
  await mkdir(root, { recursive: true });
  const stamp = timestamp(at);
  for (let n = 1; ; n++) {
    const dir = join(root, n === 1 ? stamp : `${stamp}-${n}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Removes all but the newest `keep` clone folders under `root`. Only names this module
 * makes are touched: anything else in the folder stays. Returns the removed paths.
 */
export async function pruneCloneFolders(root: string, keep: number): Promise<string[]> {
  const names = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && cloneFolderName.test(entry.name))
    .map((entry) => entry.name)
    .sort(byAge);
  const old = names.slice(0, Math.max(0, names.length - keep)).map((name) => join(root, name));
  await Promise.all(old.map((dir) => rm(dir, { recursive: true, force: true })));
  return old;
}

/** By timestamp, then by the `-n` suffix as a number (so `-10` comes after `-9`). */
function byAge(a: string, b: string): number {
  const [stampA, stampB] = [a.slice(0, 19), b.slice(0, 19)];
  if (stampA !== stampB) return stampA < stampB ? -1 : 1;
  return Number(a.slice(20) || 1) - Number(b.slice(20) || 1);
}
