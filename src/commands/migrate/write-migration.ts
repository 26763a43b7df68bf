import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PlannedFile } from './plan-migration.ts';

/** Writes a planned genvoy folder into `to`, each file with its mode, and the journal's folder. */
export async function writeMigration(to: string, files: readonly PlannedFile[]): Promise<void> {
  for (const file of files) {
    const path = join(to, file.path);
    await mkdir(dirname(path), { recursive: true, mode: file.mode & 0o077 ? 0o755 : 0o700 });
    if (file.from !== undefined) await copyFile(file.from, path);
    else await writeFile(path, file.text ?? '', { mode: file.mode });
    await chmod(path, file.mode);
  }
  await mkdir(join(to, 'data'), { recursive: true });
}
