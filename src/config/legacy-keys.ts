import type { ConfigProblem } from '../base/config-error.ts';

/**
 * Keys the original's own files used under another name than genvoy's: its config.json.sample
 * has `backup_dir` where its README (and genvoy) say `backup_path`.
 */
export const legacyKeys: Readonly<Record<string, string>> = { backup_dir: 'backup_path' };

export interface Renamed {
  json: unknown;
  /** A legacy key read under genvoy's name. */
  warnings: ConfigProblem[];
  /** A legacy key beside its genvoy name: which one is meant is unclear. */
  problems: ConfigProblem[];
}

/** A config's JSON with its legacy keys given genvoy's names; any other unknown key stays, for the schema to refuse. */
export function renameLegacyKeys(json: unknown): Renamed {
  const warnings: ConfigProblem[] = [];
  const problems: ConfigProblem[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { json, warnings, problems };
  const renamed: Record<string, unknown> = { ...json };
  for (const [legacy, key] of Object.entries(legacyKeys)) {
    if (!Object.hasOwn(renamed, legacy)) continue;
    if (Object.hasOwn(renamed, key)) {
      problems.push({ path: [legacy], message: `the original's name for "${key}", which is set too: remove one` });
      continue;
    }
    warnings.push({ path: [legacy], message: `the original's name for "${key}": read as "${key}" (rename it)` });
    renamed[key] = renamed[legacy];
    delete renamed[legacy];
  }
  return { json: renamed, warnings, problems };
}
