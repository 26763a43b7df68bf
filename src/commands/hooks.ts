import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { ambiguousPlus, ambiguousUnderPrefix, renderReadings, severalReadings } from '../pipeline/route/ambiguous-names.ts';
import { explainRoute, renderExplained } from '../pipeline/route/explain-route.ts';
import { knownEvents } from '../pipeline/route/known-events.ts';
import { missedChildren, renderMissed } from '../pipeline/route/missed-children.ts';
import { routeDelivery } from '../pipeline/route/route-delivery.ts';
import { parentScopes } from '../pipeline/route/route.ts';
import { readHookFiles } from '../runtime/hook-folder/read-hook-files.ts';
import { configured } from './support/configured.ts';
import { configOption, repositoryName } from './support/options.ts';
import { prettyJson } from './support/pretty-json.ts';

interface HooksOptions {
  config: string;
  repo?: string;
  branch?: string;
  action?: string;
  json?: boolean;
}

/**
 * `genvoy hooks <event>`: which hooks a delivery would run, in order, and why, from the
 * hooks folder's file names and the real routing; nothing is loaded or run. Exit 0, or 2
 * when the config or the hooks folder cannot be read.
 */
export function hooksCommand(program: Command): void {
  program
    .command('hooks')
    .description('show which hooks a delivery would run, in order, and why (nothing is loaded or run)')
    .argument('<event>', 'the event, as in X-GitHub-Event (push, issues, …)')
    .option('--repo <repo>', 'the repository (name, or owner/name)')
    .option('--branch <branch>', "the branch the delivery concerns (a push's ref, a pull request's base, …)")
    .option('--action <action>', 'the action (routing ignores it; a module\'s `when` may not)')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action(async (event: string, options: HooksOptions) => {
      process.exitCode = await hooks(event, options);
    });
}

async function hooks(event: string, options: HooksOptions): Promise<number> {
  const config = await configured('hooks', () => loadConfig(options.config));
  if (config === 2) return 2;
  const folder = await readHookFiles(config.hooks_path);
  if (folder.error !== undefined) {
    process.stderr.write(`genvoy hooks: cannot read the hooks folder ${config.hooks_path}: ${folder.error}\n`);
    return 2;
  }
  const files = new Map([...folder.hooks].filter(([, hook]) => hook.kind === 'module' || config.legacy_scripts));
  const names = [...files.keys()].sort();
  const repository = repositoryName(options.repo);
  const place = { repository, branch: options.branch };
  const delivery = { id: 'genvoy-hooks', event, action: options.action, ...place, lane: repository ?? '', deletesRef: false, payload: {}, json: Buffer.alloc(0) };
  const steps = explainRoute(routeDelivery(names, delivery, config.child_hooks), parentScopes(event, place, config.child_hooks), files);

  const warnings = [
    ...folder.shadowed.map(({ hook, kept, ignored }) => `${hook}: two files give this name; ${kept} is used, ${ignored} ignored`),
    ...(config.child_hooks === 'prefix' ? ambiguousUnderPrefix(names, knownEvents) : ambiguousPlus(steps, options.branch, names)),
    // Nothing is loaded here, so what a module pins is not known: check-config tells.
    ...severalReadings(names, config.child_hooks, knownEvents).map((several) => `${several.hook}: ${renderReadings(several, false)}`),
    ...missedChildren([...files.values()], config.child_hooks, knownEvents).map(renderMissed),
  ];
  if (!knownEvents.has(event)) warnings.push(`${event}: not an event GitHub sends`);
  if (!config.legacy_scripts && files.size < folder.hooks.size) warnings.push('legacy_scripts is off: executable scripts are not hooks');

  if (options.json) {
    const out = { event, repository: repository ?? null, branch: options.branch ?? null, action: options.action ?? null, child_hooks: config.child_hooks, hooks_path: config.hooks_path, hooks: steps, warnings };
    process.stdout.write(`${prettyJson(JSON.stringify(out))}\n`);
    return 0;
  }
  const where = [repository && `repository ${repository}`, options.branch && `branch ${options.branch}`, options.action && `action ${options.action}`].filter(Boolean).join(', ');
  process.stdout.write(`${event}${where ? ` (${where})` : ''}, hooks in ${config.hooks_path}, child_hooks "${config.child_hooks}":\n`);
  if (event === 'ping') process.stdout.write('a ping runs no hooks: genvoy answers {"msg":"pong"}\n');
  else if (steps.length === 0) process.stdout.write('no hook would run: genvoy answers {"status":"nop"}\n');
  else process.stdout.write(`${renderExplained(steps)}\n`);
  for (const warning of warnings) process.stdout.write(`warning: ${warning}\n`);
  return 0;
}
