import { watch, type FSWatcher } from 'chokidar';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Logger } from '../log/logger.ts';
import { compileModule, type CompiledModule } from './compile-module.ts';
import { classify, precedence, type HookFile } from './hook-file.ts';

/** A module file as last loaded: the version in force (a failure too) and the last good one. */
interface Loaded {
  current: Promise<CompiledModule>;
  /** `current`, once it has loaded: deliveries use it without waiting on a promise. */
  ready?: CompiledModule;
  good?: CompiledModule;
  /** What it was built from, to know whom a helper's change concerns. */
  inputs: string[];
  failed: boolean;
}

/**
 * The hooks folder as it is now: which hook names exist, the file behind each, and the
 * loaded modules. It follows the folder on disk: adding, changing or removing a hook, or
 * a helper a module imports, takes effect for the next delivery without a restart.
 */
export class HookFolder {
  #hooks = new Map<string, HookFile>();
  #names: readonly string[] = [];
  #scripts = true;
  readonly #modules = new Map<string, Loaded>();
  #watcher: FSWatcher | undefined;
  #rescan: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly provided: Readonly<Record<string, unknown>>,
  ) {}

  /** Scans the folder, loads every module once (so that errors show at start), then watches. */
  async open(): Promise<void> {
    await this.#scan();
    this.#watcher = watch(this.dir, {
      ignoreInitial: true,
      ignored: (path) => relative(this.dir, path).split(sep).some((part) => part === 'node_modules' || part === '.git'),
      awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 },
    });
    this.#watcher.on('all', (kind, path) => this.#changed(kind, path));
    this.#watcher.on('error', (err) => this.log.error({ err, dir: this.dir }, 'watching the hooks folder failed'));
    await new Promise<void>((resolve) => this.#watcher!.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    await this.#watcher?.close();
    await this.#rescan;
    await Promise.all([...this.#modules.keys()].map((file) => this.#unload(file)));
  }

  /** Whether executable scripts count as hooks (`legacy_scripts`). */
  set scripts(on: boolean) {
    if (on === this.#scripts) return;
    this.#scripts = on;
    this.#index();
  }

  /** Every hook name, sorted. */
  names(): readonly string[] {
    return this.#names;
  }

  get(name: string): HookFile | undefined {
    const hook = this.#hooks.get(name);
    return hook && (hook.kind === 'module' || this.#scripts) ? hook : undefined;
  }

  /** The module's current version; a load error rejects (and shows as that hook's result). */
  load(file: string): CompiledModule | Promise<CompiledModule> {
    const entry = this.#modules.get(file);
    return entry ? (entry.ready ?? entry.current) : this.#reload(file);
  }

  /** Loads a module afresh; once the new version is in, the last good one is disposed. */
  #reload(file: string): Promise<CompiledModule> {
    const next = compileModule(file, this.provided);
    const first = !this.#modules.has(file);
    const entry: Loaded = this.#modules.get(file) ?? { current: next, inputs: [file], failed: false };
    entry.current = next;
    entry.ready = undefined;
    this.#modules.set(file, entry);
    next.then(
      (compiled) => {
        // Superseded by a newer version, or unloaded meanwhile: its top level has run, so it is disposed.
        if (entry.current !== next || this.#modules.get(file) !== entry) return void this.#dispose(file, compiled);
        const replaced = entry.good;
        Object.assign(entry, { ready: compiled, good: compiled, inputs: compiled.inputs, failed: false });
        for (const input of compiled.inputs) {
          if (relative(this.dir, input).startsWith('..')) this.#watcher?.add(input);
        }
        this.log.info({ file }, first ? 'hook module loaded' : 'hook module reloaded');
        if (replaced) void this.#dispose(file, replaced);
      },
      (err: Error) => {
        if (entry.current !== next) return;
        entry.failed = true;
        this.log.error({ file, error: err.message }, 'hook module failed to load');
      },
    );
    return next;
  }

  #changed(kind: string, path: string): void {
    // A hook added, removed or made executable at the top: the scan loads or unloads it.
    if (dirname(path) === this.dir) this.#rescan = this.#rescan.then(() => this.#scan());
    for (const [file, entry] of this.#modules) {
      if (kind === 'unlink' && file === path) continue; // the scan unloads it
      // A module that failed may have failed because of this file: try it again too.
      if (entry.failed || entry.inputs.includes(path)) void this.#reload(file).catch(() => {});
    }
  }

  async #unload(file: string): Promise<void> {
    const entry = this.#modules.get(file);
    this.#modules.delete(file);
    if (entry?.good) await this.#dispose(file, entry.good);
  }

  async #dispose(file: string, compiled: CompiledModule): Promise<void> {
    const exports = compiled.exports;
    const dispose = exports.dispose ?? (exports.default as Record<string, unknown> | undefined)?.dispose;
    if (typeof dispose !== 'function') return;
    try {
      await (dispose as () => unknown)();
    } catch (err) {
      this.log.error({ file, error: (err as Error).message }, 'hook module dispose() failed');
    }
  }

  async #scan(): Promise<void> {
    const found = new Map<string, HookFile>();
    let entries: Dirent[];
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      this.log.error({ dir: this.dir, error: (err as Error).message }, 'cannot read the hooks folder');
      entries = [];
    }
    for (const entry of entries) {
      const file = join(this.dir, entry.name);
      const info = entry.isFile() || entry.isSymbolicLink() ? await stat(file).catch(() => undefined) : undefined;
      if (!info?.isFile()) continue;
      const hook = classify(entry.name, (info.mode & 0o111) !== 0);
      if (!hook) continue;
      const candidate: HookFile = { ...hook, file };
      const other = found.get(hook.name);
      if (other) {
        const [kept, dropped] = precedence(candidate) < precedence(other) ? [candidate, other] : [other, candidate];
        this.log.warn({ hook: hook.name, kept: kept.file, ignored: dropped.file }, 'two files give the same hook name; one is ignored');
        found.set(hook.name, kept);
      } else {
        found.set(hook.name, candidate);
      }
    }
    // Swap first, so that no delivery loads a module that is being unloaded.
    const gone = [...this.#hooks.values()].filter((hook) => hook.kind === 'module' && found.get(hook.name)?.file !== hook.file);
    this.#hooks = found;
    this.#index();
    await Promise.all(gone.map((hook) => this.#unload(hook.file)));
    const unloaded = [...found.values()].filter((hook) => hook.kind === 'module' && !this.#modules.has(hook.file));
    await Promise.allSettled(unloaded.map((hook) => this.#reload(hook.file)));
  }

  #index(): void {
    this.#names = [...this.#hooks.values()]
      .filter((hook) => hook.kind === 'module' || this.#scripts)
      .map((hook) => hook.name)
      .sort();
  }
}
