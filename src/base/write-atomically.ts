import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes to a temporary name beside the file, then renames: a reader never sees half a file. */
export async function writeAtomically(file: string, data: string | Buffer, options: { createFolder?: boolean } = {}): Promise<void> {
  if (options.createFolder) await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, data, { mode: 0o600 });
  await rename(temp, file);
}
