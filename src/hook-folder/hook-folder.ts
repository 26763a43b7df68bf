import { watch, type FSWatcher } from 'chokidar';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Logger } from '../log/logger.ts';
import { compileModule, type CompiledModule } from './compile-module.ts';
import { classify, precedence, type HookFile } from './hook-file.ts';

/**
 * The hooks folder as it is now: which hook names exist, the file behind each, and the
 * loaded modules. It follows the folder on disk: adding, changing or removing a hook, or
 * a helper a module imports, takes effect for the next delivery without a restart.
 */
export class HookFolder {
  #hooks = new Map<string, HookFile>();
  #names: readonly string[] = [];
  #scripts = true;
  readonly #modules = new Map<string, Promise<CompiledModule>>();
  /** What each loaded module was built from, to know whom a helper's change concerns. */
  readonly #inputs = new Map<string, string[]>();
  readonly #reloadedAt = new Map<string, Date>();
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
      ignored: (path) => path.includes(`${sep}node_modules`) || path.includes(`${sep}.git`),
      awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 },
    });
    this.#watcher.on('all', (kind, path) => this.#changed(kind, path));
    this.#watcher.on('error', (err) => this.log.error({ err, dir: this.dir }, 'watching the hooks folder failed'));
    await new Promise<void>((resolve) => this.#watcher!.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    await this.#watcher?.close();
    await this.#rescan;
    for (const file of this.#modules.keys()) await this.#dispose(file);
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

  /** When a module was last (re)loaded, for those who ask what is in force. */
  reloadedAt(file: string): Date | undefined {
    return this.#reloadedAt.get(file);
  }

  /** The module's current version; a load error rejects (and shows as that hook's result). */
  load(file: string): Promise<CompiledModule> {
    return this.#modules.get(file) ?? this.#reload(file);
  }

  #reload(file: string): Promise<CompiledModule> {
    const previous = this.#modules.get(file);
    const next = compileModule(file, this.provided);
    this.#modules.set(file, next);
    next.then(
      (compiled) => {
        this.#inputs.set(file, compiled.inputs);
        this.#reloadedAt.set(file, new Date());
        for (const input of compiled.inputs) {
          if (relative(this.dir, input).startsWith('..')) this.#watcher?.add(input);
        }
        this.log.info({ file }, previous ? 'hook module reloaded' : 'hook module loaded');
        void previous?.then(dispose, () => {});
      },
      (err: Error) => {
        if (!this.#inputs.has(file)) this.#inputs.set(file, [file]);
        this.log.error({ file, error: err.message }, 'hook module failed to load');
      },
    );
    return next;
  }

  #changed(kind: string, path: string): void {
    // A hook added or removed at the top: the scan loads or disposes it.
    if (dirname(path) === this.dir) this.#rescan = this.#rescan.then(() => this.#scan());
    if (kind === 'unlink' && this.#modules.has(path)) return;
    for (const file of this.#modules.keys()) {
      if (file === path || this.#inputs.get(file)?.includes(path)) void this.#reload(file).catch(() => {});
    }
  }

  async #dispose(file: string): Promise<void> {
    const loaded = this.#modules.get(file);
    this.#modules.delete(file);
    this.#inputs.delete(file);
    await loaded?.then(dispose, () => {});
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
    for (const [name, hook] of this.#hooks) {
      if (found.get(name)?.file !== hook.file && hook.kind === 'module') await this.#dispose(hook.file);
    }
    this.#hooks = found;
    this.#index();
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

async function dispose(compiled: CompiledModule): Promise<void> {
  const target = (compiled.exports.dispose ?? (compiled.exports.default as Record<string, unknown> | undefined)?.dispose) as (() => unknown) | undefined;
  if (typeof target === 'function') await target();
}
