import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { lazyChild, type Logger } from '../base/logger.ts';
import type { Config, GitHubConnection } from '../config/schema.ts';
import type { LiveConfig } from '../config/watch-config.ts';
import type { HookResult } from '../pipeline/answer/hook-result.ts';
import type { Delivery } from '../pipeline/parse/delivery.ts';
import { ambiguousUnderPrefix, pinnedToOne, renderReadings, severalReadings } from '../pipeline/route/ambiguous-names.ts';
import { knownEvents } from '../pipeline/route/known-events.ts';
import { missedChildren, renderMissed } from '../pipeline/route/missed-children.ts';
import type { RouteStep } from '../pipeline/route/route.ts';
import { HookFolder, type LoadListener } from './hook-folder/hook-folder.ts';
import { runHook } from './run-hook.ts';
import { SpawnerPool } from './scripts/spawner-pool.ts';

/**
 * The hooks folder in force (it follows `hooks_path`), the spawners of legacy scripts, and
 * running one hook for a delivery: what `genvoy serve` and `genvoy worker` share.
 */
export class HookEngine {
  #folder: HookFolder;
  readonly #spawner = new SpawnerPool();
  readonly #loadListeners: LoadListener[] = [];
  readonly #runListeners: Array<(hook: string, result: HookResult) => void> = [];

  /** `provided`: what hook modules import from genvoy, by id (the server's hookModules). */
  constructor(
    private readonly config: LiveConfig,
    private readonly log: Logger,
    private readonly provided: Readonly<Record<string, string>>,
  ) {
    this.#folder = this.#hookFolder(config.current);
  }

  get folder(): HookFolder {
    return this.#folder;
  }

  /** Told of every module load, in whichever hooks folder is in force. */
  onLoad(listener: LoadListener): void {
    this.#loadListeners.push(listener);
  }

  /** Told of every hook run, whichever queue ran it. */
  onRun(listener: (hook: string, result: HookResult) => void): void {
    this.#runListeners.push(listener);
  }

  /** Loads the hooks and follows config edits that concern them. */
  async open(): Promise<void> {
    await this.#folder.open();
    reportHooks(this.config.current, this.#folder, this.log);
    reportNames(this.config.current, this.#folder, this.log);
    // A module added or changed later: its name again, with what it pins now.
    this.onLoad(({ file, error }) => {
      const hook = this.#folder.describe().find((h) => h.file === file);
      if (error === undefined && hook) reportNames(this.config.current, this.#folder, this.log, hook.name);
    });
    this.config.onChange((next, previous) => {
      // A new folder has its own hook threads: each module is loaded afresh in the thread it is now pinned to.
      if (next.hooks_path !== previous.hooks_path || next.hook_threads !== previous.hook_threads) {
        const old = this.#folder;
        this.#folder = this.#hookFolder(next);
        const opened = this.#folder;
        void opened.open().then(() => {
          reportHooks(this.config.current, opened, this.log);
          return old.close();
        });
      } else {
        this.#folder.scripts = next.legacy_scripts;
        if (!sameConnection(next.github, previous.github)) this.#folder.github = next.github;
        if (next.child_hooks !== previous.child_hooks) reportHooks(next, this.#folder, this.log);
      }
      if (next.child_hooks !== previous.child_hooks) reportNames(next, this.#folder, this.log);
    });
  }

  /** Whether a hook keeps its repository's order: a module says so itself, legacy scripts as `legacy_scripts_ordered` says. */
  readonly ordered = (hook: string): boolean => this.#folder.ordered(hook) ?? this.config.current.legacy_scripts_ordered;

  readonly runHook = async (step: RouteStep, delivery: Delivery): Promise<HookResult> => {
    const current = this.config.current;
    const dlog = lazyChild(this.log, { delivery: delivery.id, event: delivery.event });
    const result = await runHook(step, delivery, { folder: this.#folder, spawner: this.#spawner, timeoutMs: current.hook_timeout_s * 1000, log: dlog, debug: this.log.isLevelEnabled('debug'), github: current.github });
    for (const listener of this.#runListeners) listener(step.hook, result);
    return result;
  };

  /** At a stop, once the grace period is over: hooks still running are abandoned (they stay pending). */
  async close(): Promise<void> {
    await Promise.all([this.#folder.close(true), this.#spawner.close()]);
  }

  #hookFolder(config: Config): HookFolder {
    const opened = new HookFolder(config.hooks_path, this.log, {
      provided: this.provided,
      threads: config.hook_threads,
      timeoutMs: config.hook_timeout_s * 1000,
      github: config.github,
      onLoad: (load) => {
        for (const listener of this.#loadListeners) listener(load);
      },
    });
    opened.scripts = config.legacy_scripts;
    return opened;
  }
}

function sameConnection(a: GitHubConnection, b: GitHubConnection): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Hook names that do not say which deliveries they are for: under "prefix", those the rule
 * makes children of others (reportHooks says so); under either rule, those that read more than one way, each with
 * what its module pins (a warning, or a note where the pins leave one reading). `only`: that
 * hook's name alone (a module just loaded).
 */
function reportNames(config: Config, folder: HookFolder, log: Logger, only?: string): void {
  const names = only === undefined ? folder.names() : [only];
  for (const several of severalReadings(names, config.child_hooks, knownEvents, (name) => folder.pins(name))) {
    const fields = { hook: several.hook, file: folder.get(several.hook)?.file };
    const line = `${several.hook}: ${renderReadings(several, true)}`;
    if (pinnedToOne(several)) log.info(fields, line);
    else log.warn(fields, line);
  }
}

/**
 * What would otherwise go unnoticed until deliveries answer nop: a hooks folder missing or
 * without a hook; names the child rule in force makes ambiguous, or never runs.
 */
function reportHooks(config: Config, folder: HookFolder, log: Logger): void {
  const hooks = folder.describe();
  if (hooks.length === 0) {
    const where = `${existsSync(folder.dir) ? 'no hook in' : 'no hooks folder at'} ${folder.dir}`;
    const scripts = config.legacy_scripts ? '' : '; legacy_scripts is off, so executable scripts are no hooks';
    log.warn({ hooks_path: folder.dir }, `${where}: every delivery answers {"status":"nop"} (hooks_path resolves against the config file's folder${config.file ? `, ${dirname(config.file)}` : ''}${scripts})`);
    return;
  }
  const lines = config.child_hooks === 'prefix' ? ambiguousUnderPrefix(folder.names(), knownEvents) : [];
  for (const line of [...lines, ...missedChildren(hooks, config.child_hooks, knownEvents).map(renderMissed)]) log.warn({ child_hooks: config.child_hooks }, line);
}
