import { extname } from 'node:path';

/** A module runs in-process; a script is an executable spawned as the original did. */
export type HookKind = 'module' | 'script';

export interface HookFile {
  /** The name that routing matches: the file name without a module extension. */
  name: string;
  /** Absolute path. */
  file: string;
  kind: HookKind;
}

/** In order of precedence when two files give the same name. */
const moduleExtensions = ['.ts', '.mts', '.js', '.mjs'] as const;

/**
 * What a file in the hooks folder is, from its name and mode alone. Names starting with
 * `.` or `_` are never hooks (helpers live beside hooks as `_teams.ts`); nor are
 * declaration files, nor files without the run bit that are not modules.
 */
export function classify(fileName: string, executable: boolean): { name: string; kind: HookKind } | undefined {
  if (fileName.startsWith('.') || fileName.startsWith('_') || fileName.endsWith('.d.ts')) return undefined;
  const ext = extname(fileName);
  if ((moduleExtensions as readonly string[]).includes(ext)) {
    const name = fileName.slice(0, -ext.length);
    return name ? { name, kind: 'module' } : undefined;
  }
  return executable ? { name: fileName, kind: 'script' } : undefined;
}

/** Lower is preferred. */
export function precedence(file: HookFile): number {
  const index = (moduleExtensions as readonly string[]).indexOf(extname(file.file));
  return file.kind === 'script' ? moduleExtensions.length : index;
}
