import { join } from 'node:path';
import { knownEvents } from '../../pipeline/route/known-events.ts';
import { parentShaped } from '../../pipeline/route/missed-children.ts';
import { ownEvent, type ChildRule } from '../../pipeline/route/route.ts';
import { compareRoutes, describeProbe, type RouteDifference } from './compare-routes.ts';
import { convertNotify } from './convert-notify.ts';
import { convertPush } from './convert-push.ts';
import { mapConfig } from './map-config.ts';
import type { Note } from './note.ts';
import { originalRoute } from './original-route.ts';
import { pathMap, type PathMap } from './path-map.ts';
import { planHookNames, type HookName } from './plan-hooks.ts';
import type { OriginalFile, OriginalFolder } from './read-original.ts';

/** A file of the genvoy folder: copied from `from`, or written with `text`. */
export interface PlannedFile {
  /** Relative to the genvoy folder. */
  path: string;
  from?: string;
  text?: string;
  mode: number;
}

export interface Migration {
  files: PlannedFile[];
  notes: Note[];
}

export interface MigrateOptions {
  /** The genvoy folder to write (absolute). */
  to: string;
  /** Forced by --children; without it, "plus" where that runs what the original ran, in its order, else "prefix". */
  rule?: ChildRule;
  /** genvoy's own hooks/all.ts, hooks/push.ts and config/notify.json, which replace the original's `all` and `push`. */
  shipped: { all: string; push: string; notify: string };
}

/** Python modules the original's hooks used (its requirements.txt) that are not in Python's standard library. */
const pipModules = ['pymsteams', 'git', 'requests', 'flask'];

/** The original's own `all` (Teams through pymsteams, by all.json) and `push` (gitpython, by push.json). */
const isShippedAll = (file: OriginalFile | undefined) => !!file?.executable && /^\s*import pymsteams\b/m.test(file.text) && file.text.includes('all.json');
const isShippedPush = (file: OriginalFile | undefined) => !!file?.executable && /^\s*import git\b/m.test(file.text) && file.text.includes('clone_dir');

/** Executables the original could run as hooks: in the hooks folder, or in a branch's subfolder (`push-web-feature/login`). */
const isHookFile = (file: OriginalFile) => file.executable && (!file.path.includes('/') || parentShaped(file.path.split('/')[0]!, knownEvents));

/**
 * The genvoy folder for the original's app folder, and one note per change and per thing
 * left for a person: config/config.json (mapped), hooks/ (copied with their modes, children
 * renamed under "plus"; the original's `all` and `push` replaced by genvoy's, their JSON
 * converted into config/notify.json and config/push.json), and what would run differently.
 * Pure: `readOriginal` read the folder, `writeMigration` writes the plan.
 */
export function planMigration(original: OriginalFolder, { to, rule: forced, shipped }: MigrateOptions): Migration {
  const notes: Note[] = [];
  const hookFiles = original.files.filter(isHookFile);
  const { rule, names, difference, kept } = chooseRule(hookFiles.map((file) => file.path), forced);
  if (kept) notes.push({ kind: 'change', text: kept });
  const files: PlannedFile[] = [];
  const paths = pathMap(original.folder, join(to, 'config'));
  const byPath = new Map(original.files.map((file) => [file.path, file]));
  const replaceAll = isShippedAll(byPath.get('all'));
  const replacePush = isShippedPush(byPath.get('push'));

  if (original.configFile.endsWith('.sample')) notes.push({ kind: 'change', text: `config: no config.json: read ${original.configFile}` });
  if ('error' in original.config) notes.push({ kind: 'hand', text: `config: cannot read ${original.config.error}: genvoy's defaults are used` });
  const mapped = mapConfig('json' in original.config ? original.config.json : {}, { paths, hooksPath: '../hooks', journalPath: '../data/genvoy.db', rule });
  notes.push(...mapped.notes);
  files.push({ path: 'config/config.json', text: `${JSON.stringify(mapped.config, null, 2)}\n`, mode: 0o644 });
  if (original.hooksError !== undefined) notes.push({ kind: 'hand', text: `hooks: cannot read ${original.hooksFolder}: ${original.hooksError}` });

  const settings = planSettings(original, { replaceAll, replacePush, paths, shipped });
  files.push(...settings.files);
  notes.push(...settings.notes);

  // The hooks folder: each file copied with its mode, the hooks under their genvoy names.
  const newName = new Map(names.map(({ from, to: name }) => [from, name]));
  for (const { from, to: name, why } of names) if (why) notes.push({ kind: 'change', text: `hooks: ${from} → ${name} (${why})` });
  for (const file of original.files) {
    if (settings.moved.has(file.path)) continue;
    const source = join(original.hooksFolder, file.path);
    if (file.path === 'all' && replaceAll) {
      files.push({ path: 'hooks/all.ts', from: shipped.all, mode: 0o644 });
      notes.push({ kind: 'change', text: "hooks: all, the original's Teams hook (pymsteams) → genvoy's all.ts (Teams Workflows, Slack, …; config/notify.json)" });
    } else if (file.path === 'push' && replacePush) {
      files.push({ path: 'hooks/push.ts', from: shipped.push, mode: 0o644 });
      notes.push({ kind: 'change', text: "hooks: push, the original's clone hook (gitpython) → genvoy's push.ts (clone and secret scan; config/push.json)" });
    } else {
      files.push({ path: `hooks/${newName.get(file.path) ?? file.path}`, from: source, mode: file.mode });
      notes.push(...scriptNotes(file, byPath));
    }
  }

  notes.push(...routeNotes(difference, hookFiles.map((file) => file.path), rule));
  return { files, notes };
}

/** The hooks' genvoy names under `rule`, and what would then run differently from the original. */
function planRouting(files: readonly string[], rule: ChildRule): { rule: ChildRule; names: HookName[]; difference: RouteDifference } {
  const names = planHookNames(files, rule, knownEvents);
  const oldName = new Map(names.map(({ from, to: name }) => [name, from]));
  return { rule, names, difference: compareRoutes(files, names.map(({ to: name }) => name), (name) => oldName.get(name) ?? name, rule, knownEvents) };
}

/**
 * The child rule: the forced one; else "plus" (children renamed to parent+suffix) when that
 * runs what the original ran, in its order, and "prefix" when it would not, with `kept`
 * saying why: a migrated folder should first of all do what the old one did.
 */
function chooseRule(files: readonly string[], forced: ChildRule | undefined): ReturnType<typeof planRouting> & { kept?: string } {
  if (forced) return planRouting(files, forced);
  const plus = planRouting(files, 'plus');
  const { missing, extra, order } = plus.difference;
  if (!missing.size && !extra.size && !order) return plus;
  const list = (hooks: Map<string, unknown>) => [...hooks.keys()].join(', ');
  const would = [
    missing.size ? `${list(missing)} would not run where the original ran ${missing.size === 1 ? 'it' : 'them'}` : '',
    extra.size ? `${list(extra)} would run where the original did not` : '',
    order ? `the order would change for ${describeProbe(order.probe)}${order.count > 1 ? ` and ${order.count - 1} other kind${order.count === 2 ? '' : 's'} of delivery` : ''}` : '',
  ].filter(Boolean);
  return { ...planRouting(files, 'prefix'), kept: `child_hooks "prefix" kept: with children renamed to parent+suffix, ${would.join('; ')}; --children plus renames them anyway` };
}

/**
 * config/notify.json and config/push.json, where the original had all.json or push.json, or
 * its own `all` and `push`; `moved`: the files of its hooks folder they take the place of.
 */
function planSettings(
  original: OriginalFolder,
  { replaceAll, replacePush, paths, shipped }: { replaceAll: boolean; replacePush: boolean; paths: PathMap; shipped: MigrateOptions['shipped'] },
): { files: PlannedFile[]; notes: Note[]; moved: Set<string> } {
  const files: PlannedFile[] = [];
  const notes: Note[] = [];
  const moved = new Set<string>();
  if (original.allJson || replaceAll) {
    if (original.allJson && 'error' in original.allJson) notes.push({ kind: 'hand', text: `notify: cannot read ${original.allJson.error}` });
    if (original.allJson && 'json' in original.allJson) {
      const converted = convertNotify(original.allJson.json, original.referenced);
      notes.push(...converted.notes);
      files.push({ path: 'config/notify.json', text: `${JSON.stringify(converted.notify, null, 2)}\n`, mode: 0o644 });
      for (const [name, url] of converted.secrets) files.push({ path: `config/secrets/${name}`, text: `${url}\n`, mode: 0o600 });
      notes.push({ kind: 'change', text: `notify: hooks/all.json → config/notify.json${replaceAll ? ' (not copied into hooks/: genvoy\'s all.ts reads config/notify.json)' : ''}` });
    } else {
      files.push({ path: 'config/notify.json', from: shipped.notify, mode: 0o644 });
      notes.push({ kind: 'change', text: "notify: no readable hooks/all.json: config/notify.json is genvoy's own (targets from GENVOY_TEAMS_URL, GENVOY_SLACK_URL)" });
    }
    if (replaceAll) {
      moved.add('all.json');
      for (const ref of original.referenced.keys()) moved.add(ref);
    } else if (original.allJson) {
      notes.push({ kind: 'hand', text: "notify: hooks/all is not the original's Teams hook, so it is kept as it is; config/notify.json is read by genvoy's hooks/all.ts: replace hooks/all with it to send with genvoy's" });
    }
  }
  if (original.pushJson || replacePush) {
    if (original.pushJson && 'error' in original.pushJson) notes.push({ kind: 'hand', text: `push: cannot read ${original.pushJson.error}: its defaults are used` });
    const converted = convertPush(original.pushJson && 'json' in original.pushJson ? original.pushJson.json : {}, paths);
    notes.push(...converted.notes);
    files.push({ path: 'config/push.json', text: `${JSON.stringify(converted.push, null, 2)}\n`, mode: 0o644 });
    if (replacePush) moved.add('push.json');
    else notes.push({ kind: 'hand', text: "push: hooks/push is not the original's clone hook, so it is kept as it is; config/push.json is read by genvoy's hooks/push.ts: replace hooks/push with it to clone and scan with genvoy's" });
  }
  return { files, notes, moved };
}

/**
 * What keeps a hook from running as the original ran it: a `#!` line missing, Python modules
 * genvoy's image lacks; and a script named like a hook without the run bit, which the original
 * ignored as genvoy does, but which genvoy's check-config reports.
 */
function scriptNotes(file: OriginalFile, byPath: ReadonlyMap<string, OriginalFile>): Note[] {
  const { text } = file;
  if (!file.executable) {
    const named = !file.path.includes('/') && ownEvent(file.path, knownEvents) !== undefined;
    return named && text.startsWith('#!') ? [{ kind: 'hand', text: `hooks: ${file.path} starts with "#!" but has no run bit: the original ignored it, as genvoy does, and check-config reports it (chmod +x it, or rename it)` }] : [];
  }
  const notes: Note[] = [];
  if (!text.startsWith('#!') && !text.startsWith('\x7fELF')) notes.push({ kind: 'hand', text: `hooks: ${file.path} has no "#!" line: neither the original nor genvoy can run it` });
  if (/^#!.*python/.test(text)) {
    const imported = new Set([...text.matchAll(/^\s*(?:import|from)\s+([A-Za-z_]\w*)/gm)].map((match) => match[1]!));
    const missing = pipModules.filter((module) => imported.has(module) && !byPath.has(`${module}.py`));
    if (missing.length) notes.push({ kind: 'hand', text: `hooks: ${file.path} imports ${missing.join(', ')}, which genvoy's Docker image does not have (it has Python's standard library): install ${missing.length === 1 ? 'it' : 'them'} where genvoy runs, or port the hook` });
  }
  return notes;
}

/** One note per hook that would run where the original did not, or not where it did, and one for the order. */
function routeNotes(difference: RouteDifference, files: readonly string[], rule: ChildRule): Note[] {
  const notes: Note[] = [];
  const asChild = (hook: string, probe: Parameters<typeof describeProbe>[0]) => {
    const parent = originalRoute(files, probe.event, { repository: probe.repository, branch: probe.originalBranch }).find((other) => other !== hook && hook.startsWith(other) && !hook.includes('/'));
    return parent === undefined ? '' : `, as a child of "${parent}" (its prefix rule)`;
  };
  for (const [hook, probe] of difference.missing) {
    notes.push({ kind: 'hand', text: `runs: ${hook}: the original ran it for ${describeProbe(probe)}${asChild(hook, probe)}; genvoy does not${rule === 'plus' ? ' (if that was meant, --children prefix keeps the original\'s rule)' : ''}` });
  }
  for (const [hook, probe] of difference.extra) notes.push({ kind: 'hand', text: `runs: ${hook}: genvoy runs it for ${describeProbe(probe)}; the original did not` });
  const { order } = difference;
  if (order) {
    const more = order.count > 1 ? ` (and ${order.count - 1} other kind${order.count === 2 ? '' : 's'} of delivery)` : '';
    const why = rule === 'plus' ? ": the original ran every parent before any child, genvoy runs a parent's children right after it; --children prefix keeps the original's order" : '';
    notes.push({ kind: 'hand', text: `runs: for ${describeProbe(order.probe)}${more} the original ran ${order.original.join(', ')}; genvoy runs ${order.genvoy.join(', ')}${why}` });
  }
  return notes;
}
