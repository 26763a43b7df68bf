import { existsSync } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** A file of the original's hooks folder. */
export interface OriginalFile {
  /** Relative to the hooks folder, with `/`. */
  path: string;
  mode: number;
  executable: boolean;
  /** Its first 64 KB as text: which hook it is, what it imports. */
  text: string;
}

/** What `genvoy migrate` reads of the original's app folder; nothing in it is changed. */
export interface OriginalFolder {
  /** The app folder: main.py ran there, and its relative paths start there. */
  folder: string;
  configFile: string;
  /** The config's JSON, or why it could not be read. */
  config: { json: unknown } | { error: string };
  hooksFolder: string;
  /** Why the hooks folder could not be read (then there are no files). */
  hooksError?: string;
  files: OriginalFile[];
  /** hooks/all.json and hooks/push.json, where they exist. */
  allJson?: { json: unknown } | { error: string };
  pushJson?: { json: unknown } | { error: string };
  /** The files all.json names with `!`, and what each holds (undefined: unreadable). */
  referenced: Map<string, string | undefined>;
}

/** The original's app folder is FROM itself, or FROM/app (its repository's layout). */
export function appFolder(from: string): string | undefined {
  const hasConfig = (dir: string) => existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'config.json.sample'));
  return [from, join(from, 'app')].find(hasConfig);
}

/** Reads the original's app folder (`appFolder`'s): its config, every file of its hooks folder, and its notification settings. */
export async function readOriginal(folder: string): Promise<OriginalFolder> {
  const configFile = [join(folder, 'config.json'), join(folder, 'config.json.sample')].find((file) => existsSync(file))!;
  const config = await readJson(configFile);
  const hooksPath = 'json' in config && typeof (config.json as Record<string, unknown> | null)?.hooks_path === 'string' ? String((config.json as Record<string, unknown>).hooks_path) : 'hooks';
  const hooksFolder = resolve(folder, hooksPath);
  const files: OriginalFile[] = [];
  let hooksError: string | undefined;
  try {
    await walk(hooksFolder, hooksFolder, files);
  } catch (err) {
    hooksError = (err as Error).message;
  }
  const has = (name: string) => files.some((file) => file.path === name);
  const allJson = has('all.json') ? await readJson(join(hooksFolder, 'all.json')) : undefined;
  const pushJson = has('push.json') ? await readJson(join(hooksFolder, 'push.json')) : undefined;
  const referenced = new Map<string, string | undefined>();
  for (const ref of fileReferences(allJson && 'json' in allJson ? allJson.json : undefined)) {
    // The original opened it from the folder it ran in; its README says the hooks folder.
    const found = [join(hooksFolder, ref), resolve(folder, ref)].find((file) => existsSync(file));
    referenced.set(ref, found === undefined ? undefined : await readFile(found, 'utf8').catch(() => undefined));
  }
  return { folder, configFile, config, hooksFolder, hooksError, files, allJson, pushJson, referenced };
}

/** The `!file` entries of all.json's `webhook` lists. */
function fileReferences(all: unknown): string[] {
  if (typeof all !== 'object' || all === null) return [];
  const lists = Object.values(all).map((section) => (typeof section === 'object' && section !== null ? (section as Record<string, unknown>).webhook : undefined));
  return [...new Set(lists.flatMap((list) => (Array.isArray(list) ? list : [])).filter((ref): ref is string => typeof ref === 'string' && ref.startsWith('!') && ref.length > 1).map((ref) => ref.slice(1)))];
}

async function readJson(file: string): Promise<{ json: unknown } | { error: string }> {
  try {
    return { json: JSON.parse(await readFile(file, 'utf8')) };
  } catch (err) {
    return { error: `${file}: ${(err as Error).message}` };
  }
}

/** Every file under `dir`, a symbolic link as the file it points to; git's folder and Python's caches left out. */
async function walk(root: string, dir: string, files: OriginalFile[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== '__pycache__') await walk(root, path, files);
      continue;
    }
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const executable = (info.mode & 0o111) !== 0;
    files.push({ path: relative(root, path).split(sep).join('/'), mode: info.mode & 0o777, executable, text: await head(path) });
  }
}

async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65_536), 0, 65_536, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
