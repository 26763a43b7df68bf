import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expression } from '../../base/expression.ts';
import type { Finding } from '../../config/finding.ts';
import { pinnedToOne, renderReadings, severalReadings } from '../../pipeline/route/ambiguous-names.ts';
import { classify, type HookFile } from '../../pipeline/route/hook-file.ts';
import { knownEvents } from '../../pipeline/route/known-events.ts';
import { describeReading, nameReadings } from '../../pipeline/route/name-readings.ts';
import { agrees, describePins, pinsOf, type Pins } from '../../pipeline/route/pinned-reading.ts';
import { ownEvent, type ChildRule } from '../../pipeline/route/route.ts';
import { hookOf } from '../threads/run-module.ts';
import { bundleModule } from './bundle-module.ts';
import { instantiateModule } from './instantiate-module.ts';
import { readHookFiles } from './read-hook-files.ts';

export interface HookCheck {
  findings: Finding[];
  /** Names that read more than one way: a warning, or a note where the module's pins leave one reading. */
  readings: Array<Finding & { level: 'warning' | 'note' }>;
  modules: number;
  scripts: number;
  /** The hook files it read, by name: what the other checks of the folder look at. */
  hooks: ReadonlyMap<string, HookFile>;
}

/**
 * Every hook of a folder as `genvoy serve` would take it: each module bundled and loaded
 * (its top level runs, here) and its `handle`, `when` and pins checked; each script executable
 * with a `#!` line; files that look like scripts but lack the run bit, and names two files
 * give, reported; names that read more than one way (under `rule`), listed with what the pins
 * make of them. `shown` names a file in the findings; `provided`, what hooks import from
 * genvoy (id → URL), each imported when a module first needs it.
 */
export async function checkHooks(dir: string, scripts: boolean, rule: ChildRule, shown: (file: string) => string, provided: Readonly<Record<string, string>>): Promise<HookCheck> {
  const { hooks, shadowed, error } = await readHookFiles(dir);
  if (error !== undefined) return { findings: [{ file: shown(dir), message: `cannot read the hooks folder: ${error}` }], readings: [], modules: 0, scripts: 0, hooks };
  const pinned = new Map<string, Pins>();
  const findings: Finding[] = shadowed.map(({ hook, kept, ignored }) => ({ file: shown(ignored), message: `ignored: ${shown(kept)} gives the hook name "${hook}" too, and wins` }));
  const imported: Record<string, unknown> = {};
  let modules = 0;
  let scriptCount = 0;
  for (const hook of [...hooks.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const at = (message: string) => findings.push({ file: shown(hook.file), message });
    if (hook.kind === 'script') {
      if (!scripts) continue;
      scriptCount++;
      const head = await firstBytes(hook.file, 4);
      if (!isScript(head)) at('a legacy script without a "#!" line: it cannot be run');
      continue;
    }
    modules++;
    let code: string;
    try {
      let needs: string[];
      ({ code, needs } = await bundleModule(hook.file, Object.keys(provided)));
      for (const need of needs) imported[need] ??= await import(provided[need]!);
    } catch (err) {
      at(`does not compile: ${(err as Error).message}`);
      continue;
    }
    let exports: Record<string, unknown>;
    try {
      exports = instantiateModule(hook.file, code, imported);
    } catch (err) {
      at(`fails to load: ${(err as Error).message}`);
      continue;
    }
    const { handle, when } = hookOf(exports);
    if (typeof handle !== 'function') at('exports no handle() function (export const handle = …, or a default export from defineHook)');
    if (typeof when === 'string') {
      try {
        expression(when);
      } catch (err) {
        at(`when: ${(err as Error).message}`);
      }
    } else if (when !== undefined && typeof when !== 'function') at('when: expected a condition (a string) or a function');
    const { pins, problems } = pinsOf(hookOf(exports));
    for (const problem of problems) at(problem);
    if (!describePins(pins)) continue;
    pinned.set(hook.name, pins);
    const readings = nameReadings(hook.name, rule, knownEvents);
    if (readings.length > 0 && !readings.some((reading) => agrees(reading, pins))) {
      at(`pinned to ${describePins(pins)}, which its name never reads as (${readings.map(describeReading).join('; ')}): it never runs`);
    }
  }
  if (scripts) findings.push(...(await notExecutable(dir, shown)));
  const names = [...hooks.values()].filter((hook) => hook.kind === 'module' || scripts).map((hook) => hook.name);
  const readings = severalReadings(names, rule, knownEvents, (name) => pinned.get(name))
    .filter((several) => several.left.length > 0) // one that never runs is a finding above
    .map((several) => ({ file: shown(hooks.get(several.hook)!.file), level: pinnedToOne(several) ? ('note' as const) : ('warning' as const), message: renderReadings(several, true) }));
  return { findings, readings, modules, scripts: scriptCount, hooks };
}

/**
 * Scripts (a `#!` line first) named like a hook (an event or `all` first) that lack the run
 * bit: genvoy ignores them, which is rarely meant. Data beside the hooks (the original's
 * `all.json`) is no script.
 */
async function notExecutable(dir: string, shown: (file: string) => string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || classify(entry.name, false) || !classify(entry.name, true) || !ownEvent(entry.name, knownEvents)) continue;
    const file = join(dir, entry.name);
    if (((await stat(file)).mode & 0o111) === 0 && isScript(await firstBytes(file, 4))) findings.push({ file: shown(file), message: 'not executable, so not a hook: chmod +x it (or rename it if it is not one)' });
  }
  return findings;
}

/** What a kernel runs: a `#!` line, or an ELF binary. */
function isScript(head: string): boolean {
  return head.startsWith('#!') || head.startsWith('\x7fELF');
}

async function firstBytes(file: string, n: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(n), 0, n, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}
