import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { classify, precedence, type HookFile } from '../../pipeline/route/hook-file.ts';

export interface HookFiles {
  /** Every hook name found, with the file that gives it. */
  hooks: Map<string, HookFile>;
  /** Names two files give: the one kept and the one ignored. */
  shadowed: Array<{ hook: string; kept: string; ignored: string }>;
  /** Why the folder could not be read (then there are no hooks). */
  error?: string;
}

/** The hooks a folder holds now, by name, from the file names and modes alone: nothing is loaded. */
export async function readHookFiles(dir: string): Promise<HookFiles> {
  const hooks = new Map<string, HookFile>();
  const shadowed: HookFiles['shadowed'] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    return { hooks, shadowed, error: (err as Error).message };
  }
  for (const entry of entries) {
    const file = join(dir, entry.name);
    const info = entry.isFile() || entry.isSymbolicLink() ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) continue;
    const hook = classify(entry.name, (info.mode & 0o111) !== 0);
    if (!hook) continue;
    const candidate: HookFile = { ...hook, file };
    const other = hooks.get(hook.name);
    if (other) {
      const [kept, dropped] = precedence(candidate) < precedence(other) ? [candidate, other] : [other, candidate];
      shadowed.push({ hook: hook.name, kept: kept.file, ignored: dropped.file });
      hooks.set(hook.name, kept);
    } else {
      hooks.set(hook.name, candidate);
    }
  }
  return { hooks, shadowed };
}
