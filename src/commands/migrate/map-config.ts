import { debugLevels } from '../../base/logger.ts';
import { legacyKeys } from '../../config/legacy-keys.ts';
import { schemaIssues } from '../../config/load-config.ts';
import { configSchema } from '../../config/schema.ts';
import type { ChildRule } from '../../pipeline/route/route.ts';
import type { Note } from './note.ts';
import type { PathMap } from './path-map.ts';

export interface MapConfigOptions {
  paths: PathMap;
  /** The migrated hooks folder, relative to the new config's folder. */
  hooksPath: string;
  /** The journal, relative to the new config's folder. */
  journalPath: string;
  rule: ChildRule;
}

/**
 * The original's config.json as genvoy's: its keys kept (`backup_dir`, its sample's name, as
 * `backup_path`), its paths rewritten to point where they pointed, `hooks_path` at the copied
 * hooks, the journal and the child rule added. A value genvoy refuses is left out (its default
 * applies) and named; a key neither knows is named, never silently dropped. Values are never
 * quoted in the notes (`enforce_secret` is a secret).
 */
export function mapConfig(original: unknown, { paths, hooksPath, journalPath, rule }: MapConfigOptions): { config: Record<string, unknown>; notes: Note[] } {
  const notes: Note[] = [];
  const config: Record<string, unknown> = {};
  const given = typeof original === 'object' && original !== null && !Array.isArray(original) ? (original as Record<string, unknown>) : {};
  if (given !== original) notes.push({ kind: 'hand', text: "config: the original's config file is no JSON object: genvoy's defaults are used" });

  for (const [key, value] of Object.entries(given)) {
    const genvoyKey = Object.hasOwn(legacyKeys, key) ? legacyKeys[key] : undefined;
    if (key === 'hooks_path') continue; // the hooks are copied: set below
    if (genvoyKey !== undefined) {
      if (Object.hasOwn(given, genvoyKey)) notes.push({ kind: 'dropped', text: `config: ${key}: the original read "${genvoyKey}", which is set too` });
      else mapPath(key, genvoyKey, value, `; the original's code read only "${genvoyKey}", so it made no backups there: genvoy will`);
    } else if (key === 'backup_path') {
      mapPath(key, key, value, '');
    } else if (key === 'debug_level' && !(debugLevels as readonly unknown[]).includes(value)) {
      notes.push({ kind: 'change', text: `config: debug_level is none of ${debugLevels.join(', ')}: the original logged at INFO then, and so will genvoy` });
    } else if (Object.hasOwn(configSchema.shape, key)) {
      config[key] = value;
    } else {
      notes.push({ kind: 'hand', text: `config: ${key}: a key neither the original nor genvoy knows (the original ignored it): not carried` });
    }
  }

  config.hooks_path = hooksPath;
  const hooks = typeof given.hooks_path === 'string' ? `"${given.hooks_path}"` : 'unset';
  notes.push({ kind: 'change', text: `config: hooks_path ${hooks} → "${hooksPath}", the copied hooks (paths now resolve against the config file's folder)` });
  config.child_hooks = rule;
  config.journal_path ??= journalPath;
  notes.push({ kind: 'change', text: `config: journal_path "${String(config.journal_path)}": genvoy journals every delivery and what its hooks did, kept journal_retention_days (30) days (see docs/guides/migrate.md, data protection)` });
  if (typeof config.http_port === 'number' && config.http_port !== 5000) notes.push({ kind: 'change', text: `config: http_port ${config.http_port}: genvoy listens on it (the original's main.py always listened on 5000)` });
  if (given.return_scripts_info === false) notes.push({ kind: 'change', text: 'config: return_scripts_info is false: genvoy answers 202 once a delivery is journaled, before its hooks run (the original answered {"status":"done"} after them)' });

  // What genvoy refuses falls back to its default, so that the migrated config loads.
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    for (const { path, message } of schemaIssues(parsed.error)) {
      delete config[String(path[0])];
      notes.push({ kind: 'hand', text: `config: ${path.join('.')}: ${message}: left out, genvoy's default applies` });
    }
  }
  return { config, notes };

  function mapPath(from: string, key: string, value: unknown, why: string): void {
    if (typeof value !== 'string' || value === '') {
      config[key] = value;
      return;
    }
    config[key] = paths.fromConfig(value);
    notes.push({ kind: 'change', text: `config: ${from} "${value}" → ${key} "${String(config[key])}", the same folder${why}` });
  }
}
