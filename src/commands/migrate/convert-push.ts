import type { Note } from './note.ts';
import type { PathMap } from './path-map.ts';

/** Keys of the original's hooks/push.json, with the default its `push` hook used for each. */
const originalDefaults = { clone_dir: 'git', git_url: '{repository/html_url}' } as const;

/**
 * The original's `push` hook cloned each push to a public repository into `clone_dir/<time>/`
 * (relative to the folder it ran in), from `git_url`, by hooks/push.json; genvoy's push.ts does
 * the same by config/push.json, keeps the newest `keep_clones` of its own clones and scans what
 * was pushed for secrets. `push` is the parsed push.json, or {} where there was none.
 */
export function convertPush(push: unknown, paths: PathMap): { push: Record<string, unknown>; notes: Note[] } {
  const notes: Note[] = [];
  const given = typeof push === 'object' && push !== null && !Array.isArray(push) ? (push as Record<string, unknown>) : {};
  if (given !== push) notes.push({ kind: 'hand', text: 'hooks/push.json is no JSON object: its defaults are used' });
  const cloneDir = typeof given.clone_dir === 'string' && given.clone_dir !== '' ? given.clone_dir : originalDefaults.clone_dir;
  const gitUrl = typeof given.git_url === 'string' && given.git_url !== '' ? given.git_url : originalDefaults.git_url;
  const converted = { clone_dir: paths.fromConfig(cloneDir), url_template: gitUrl };
  notes.push({ kind: 'change', text: `push: clone_dir "${cloneDir}" → "${converted.clone_dir}" (the same folder, now relative to config/); git_url → url_template "${gitUrl}"` });
  notes.push({ kind: 'change', text: "push: genvoy's push.ts keeps the newest 10 of its own clones (keep_clones; the original kept every clone, and those stay) and scans each push for secrets, alerting the notify targets (scan: false turns that off)" });
  for (const key of Object.keys(given)) {
    if (key === 'debug_level') notes.push({ kind: 'dropped', text: "push: \"debug_level\" in hooks/push.json: the push hook's own log level; genvoy logs at config.json's debug_level" });
    else if (!Object.hasOwn(originalDefaults, key)) notes.push({ kind: 'hand', text: `push: "${key}" in hooks/push.json: unknown to the original's push hook and to genvoy: not carried` });
  }
  return { push: converted, notes };
}
