import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkJsonFile } from '../config/check-json-file.ts';
import { renderFinding, type Finding } from '../config/finding.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { loadNotifyConfig } from '../libs/notify/load-notify-config.ts';
import { loadPushConfig } from '../libs/push/push-config.ts';
import type { HookFile } from '../pipeline/route/hook-file.ts';
import { knownEvents } from '../pipeline/route/known-events.ts';
import { missedChildren } from '../pipeline/route/missed-children.ts';
import { checkHooks, type HookCheck } from '../runtime/hook-folder/check-hooks.ts';
import { hookModules } from '../server/hook-modules.ts';
import { configured } from './support/configured.ts';
import { configOption } from './support/options.ts';

/**
 * `genvoy check-config [FILE]`: the config, the notify.json and push.json beside it (or
 * those GENVOY_NOTIFY_CONFIG and GENVOY_PUSH_CONFIG name), and every hook of hooks_path
 * (modules are loaded: their top level runs). Prints each problem at its file, line and key.
 * Exit 0 when there is none, 1 when there are, 2 when a file to check cannot be read (the
 * config missing) or on a usage error.
 */
export function checkConfigCommand(program: Command): void {
  program
    .command('check-config')
    .description("check the config, the shipped hooks' notify.json and push.json, and every hook (modules are loaded)")
    .argument('[file]', 'the config file (default: --config)')
    .option(...configOption)
    .action(async (file: string | undefined, options: { config: string }) => {
      const code = await configured('check-config', () => checkConfig(file ?? options.config));
      // A hook's top level may have left timers or sockets open: they must not keep the check running.
      process.exit(code);
    });
}

async function checkConfig(file: string): Promise<number> {
  const shown = (path: string) => {
    const rel = relative(process.cwd(), path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
  const configFile = resolve(file);
  const findings: Finding[] = [];
  const checked: string[] = [];
  let config: Config | undefined;
  findings.push(...(await checkJsonFile(configFile, shown(configFile), async (f) => (config = await loadConfig(f)), (loaded) => loaded.warnings)));
  checked.push(shown(configFile));

  const beside = (env: string | undefined, name: string) => (env ? resolve(env) : join(dirname(configFile), name));
  for (const [other, load] of [
    [beside(process.env.GENVOY_NOTIFY_CONFIG, 'notify.json'), loadNotifyConfig],
    [beside(process.env.GENVOY_PUSH_CONFIG, 'push.json'), loadPushConfig],
  ] as const) {
    if (!existsSync(other)) continue;
    findings.push(...(await checkJsonFile<unknown>(other, shown(other), load)));
    checked.push(shown(other));
  }

  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  let hooks = 'the hooks were not checked: the config has problems';
  let readings: HookCheck['readings'] = [];
  if (config) {
    const result = await checkHooks(config.hooks_path, config.legacy_scripts, config.child_hooks, shown, hookModules);
    findings.push(...result.findings, ...namesWarnings(config, result.hooks, shown));
    readings = result.readings;
    hooks = `${count(result.modules, 'hook module')} and ${count(result.scripts, 'legacy script')} in ${shown(config.hooks_path)}`;
  }
  for (const finding of findings) process.stdout.write(`${renderFinding(finding)}\n`);
  for (const { level, ...reading } of readings) process.stdout.write(`${renderFinding({ ...reading, message: `${level}: ${reading.message}` })}\n`);
  const problems = findings.filter((f) => !f.warning).length;
  const warnings = findings.length - problems + readings.filter((reading) => reading.level === 'warning').length;
  process.stdout.write(`checked ${checked.join(', ')}; ${hooks}: ${problems === 0 ? 'no problems' : count(problems, 'problem')}${warnings ? `, ${count(warnings, 'warning')}` : ''}\n`);
  return problems === 0 ? 0 : 1;
}

/** The hooks that the child rule in force never runs as their names suggest (as `genvoy serve` warns at start). */
function namesWarnings(config: Config, read: ReadonlyMap<string, HookFile>, shown: (path: string) => string): Finding[] {
  const hooks = [...read.values()].filter((hook) => hook.kind === 'module' || config.legacy_scripts);
  const files = new Map(hooks.map((hook) => [hook.name, hook.file]));
  return missedChildren(hooks, config.child_hooks, knownEvents).map(({ hook, message }) => ({ file: shown(files.get(hook)!), message, warning: true }));
}
