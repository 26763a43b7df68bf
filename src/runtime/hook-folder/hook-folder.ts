import { dirname, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../../base/logger.ts';
import { type GitHubConnection, noGitHub } from '../../config/schema.ts';
import { failed } from '../../pipeline/answer/hook-result.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { HookFile } from '../../pipeline/route/hook-file.ts';
import type { Pins } from '../../pipeline/route/pinned-reading.ts';
import { ThreadPool, threadOf, type ModuleRun, type ModuleVersion, type Outcome } from '../threads/thread-pool.ts';
import { bundleModule } from './bundle-module.ts';
import { readHookFiles } from './read-hook-files.ts';

/** A module file as the main thread knows it; its exports live in its hook thread. */
interface Loaded extends ModuleVersion {
  /** The hook thread it is pinned to (by its hook name). */
  thread: number;
  /** Counts reloads started, so that a superseded one is dropped. */
  attempt: number;
  /** A reload until its version is in force: deliveries wait for it. */
  loading?: Promise<void>;
  /** What it was built from, to know whom a helper's change concerns. */
  inputs: string[];
  /** Why the version in force failed to compile or load: deliveries show it; any change retries it. */
  error?: string;
  /** When the version in force finished loading (ms since the epoch). */
  loadedAt?: number;
  /** The repository and branch the version in force pins. */
  pins?: Pins;
  /** Whether the version in force keeps its repository's order (`ordered`, true unless it says false). */
  ordered?: boolean;
}

/** A hook name as the folder serves it now (`genvoy hooks`, the web page). */
export interface HookInfo extends HookFile {
  /** A module's version in force: when it loaded, or why it failed to. */
  loadedAt?: number;
  error?: string;
}

/** Told of every module load or reload once it is in force or has failed. */
export type LoadListener = (load: { file: string; reload: boolean; error?: string }) => void;

export interface HookFolderOptions {
  /** Modules genvoy provides to hooks, by id ('genvoy'): their URLs, imported in the hook threads. */
  provided?: Readonly<Record<string, string>>;
  /** How many hook threads run modules (`hook_threads`). */
  threads?: number;
  /** How long a module's top level or dispose() may take (`hook_timeout_s`). */
  timeoutMs?: number;
  onLoad?: LoadListener;
  /** How module hooks' context.octokit reaches GitHub. */
  github?: GitHubConnection;
}

/**
 * The hooks folder as it is now: which hook names exist, the file behind each, and its
 * modules, bundled here and run in hook threads. It follows the folder on disk: adding,
 * changing or removing a hook, or a helper a module imports, takes effect for the next
 * delivery without a restart.
 */
export class HookFolder {
  #hooks = new Map<string, HookFile>();
  #names: readonly string[] = [];
  #scripts = true;
  readonly #modules = new Map<string, Loaded>();
  readonly #threads: ThreadPool;
  readonly #provided: readonly string[];
  readonly #onLoad: LoadListener;
  #watcher: FSWatcher | undefined;
  #rescan: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    { provided = {}, threads = 1, timeoutMs = 30_000, onLoad = () => {}, github = noGitHub }: HookFolderOptions = {},
  ) {
    this.#threads = new ThreadPool(threads, provided, log, timeoutMs, github);
    this.#provided = Object.keys(provided);
    this.#onLoad = onLoad;
  }

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

  /**
   * Stops watching, lets running hooks finish, disposes every module and ends the hook
   * threads; `abandon`: without waiting for running hooks.
   */
  async close(abandon = false): Promise<void> {
    this.#closed = true;
    await this.#watcher?.close();
    await this.#rescan;
    await this.#threads.close(abandon);
  }

  /** How module hooks reach GitHub from now on (`github_app`, `github_token`, `github_api_url`). */
  set github(connection: GitHubConnection) {
    this.#threads.github = connection;
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

  /** Every hook name in force, sorted, with its file and its module's state. */
  describe(): HookInfo[] {
    return this.#names.map((name) => {
      const hook = this.#hooks.get(name)!;
      const entry = this.#modules.get(hook.file);
      return { ...hook, loadedAt: entry?.loadedAt, error: entry?.error };
    });
  }

  /** What the module of hook `name` pins, once loaded; undefined for a script. */
  pins(name: string): Pins | undefined {
    const hook = this.#hooks.get(name);
    return hook && this.#modules.get(hook.file)?.pins;
  }

  /**
   * Whether a module hook keeps its repository's order: true until its module has loaded and
   * said otherwise; undefined for a script (the config decides).
   */
  ordered(name: string): boolean | undefined {
    const hook = this.#hooks.get(name);
    if (hook?.kind !== 'module') return undefined;
    return this.#modules.get(hook.file)?.ordered ?? true;
  }

  get(name: string): HookFile | undefined {
    const hook = this.#hooks.get(name);
    return hook && (hook.kind === 'module' || this.#scripts) ? hook : undefined;
  }

  /** Runs a module hook in its thread, in its current version; a load error is its result. */
  run(hook: HookFile, delivery: Delivery, timeoutMs: number): ModuleRun | Promise<ModuleRun> {
    const entry = this.#modules.get(hook.file);
    if (!entry) return this.#reload(this.#entry(hook)).then(() => this.run(hook, delivery, timeoutMs));
    if (entry.loading) return entry.loading.then(() => this.run(hook, delivery, timeoutMs));
    if (entry.error !== undefined) return failed(`hook module failed to load: ${entry.error}`, performance.now());
    return this.#threads.run(entry.thread, entry, hook.name, delivery, timeoutMs);
  }

  #entry(hook: HookFile): Loaded {
    const entry: Loaded = { file: hook.file, version: 0, code: '', thread: threadOf(hook.name, this.#threads.size), attempt: 0, inputs: [hook.file], needs: [] };
    this.#modules.set(hook.file, entry);
    return entry;
  }

  /**
   * Compiles a module afresh and has its thread load it. Deliveries wait until the new
   * version is in force; the promise settles once its top level has run (or failed).
   */
  #reload(entry: Loaded): Promise<void> {
    const attempt = ++entry.attempt;
    const current = () => entry.attempt === attempt && this.#modules.get(entry.file) === entry && !this.#closed;
    let loaded: Promise<Outcome> | undefined;
    let version = 0;
    entry.loading = bundleModule(entry.file, this.#provided).then(
      ({ code, inputs, needs }) => {
        if (!current()) return; // superseded or unloaded before its top level ran: nothing to dispose
        version = entry.version + 1;
        Object.assign(entry, { code, inputs, needs, version, error: undefined });
        for (const input of inputs) {
          if (relative(this.dir, input).startsWith('..')) this.#watcher?.add(input);
        }
        loaded = this.#threads.load(entry.thread, entry);
      },
      (err: Error) => {
        if (current()) this.#failed(entry, err.message);
      },
    );
    const loading = entry.loading;
    return loading.then(async () => {
      if (entry.loading === loading) entry.loading = undefined;
      if (!loaded) return;
      const { error, again, pins, ordered } = await loaded;
      if (entry.version !== version || this.#closed) return;
      // Its thread was lost to another module: the new thread loads it when a delivery needs it.
      if (again) this.log.warn({ file: entry.file, error }, 'hook module will be loaded again when next needed');
      else if (error !== undefined) this.#failed(entry, error);
      else {
        entry.loadedAt = Date.now();
        entry.pins = pins;
        entry.ordered = ordered;
        this.log.info({ file: entry.file }, version === 1 ? 'hook module loaded' : 'hook module reloaded');
        this.#onLoad({ file: entry.file, reload: version > 1 });
      }
    });
  }

  #failed(entry: Loaded, error: string): void {
    entry.error = error;
    this.log.error({ file: entry.file, error }, 'hook module failed to load');
    this.#onLoad({ file: entry.file, reload: entry.version > 1, error });
  }

  #changed(kind: string, path: string): void {
    // A hook added, removed or made executable at the top: the scan loads or unloads it.
    if (dirname(path) === this.dir) this.#rescan = this.#rescan.then(() => this.#scan());
    for (const [file, entry] of this.#modules) {
      if (kind === 'unlink' && file === path) continue; // the scan unloads it
      // A module that failed may have failed because of this file: try it again too.
      if (entry.error !== undefined || entry.inputs.includes(path)) void this.#reload(entry);
    }
  }

  async #unload(file: string): Promise<void> {
    const entry = this.#modules.get(file);
    this.#modules.delete(file);
    if (entry) await this.#threads.unload(entry.thread, file);
  }

  async #scan(): Promise<void> {
    const { hooks: found, shadowed, error } = await readHookFiles(this.dir);
    if (error !== undefined) this.log.error({ dir: this.dir, error }, 'cannot read the hooks folder');
    for (const { hook, kept, ignored } of shadowed) this.log.warn({ hook, kept, ignored }, 'two files give the same hook name; one is ignored');
    // Swap first, so that no delivery loads a module that is being unloaded.
    const gone = [...this.#hooks.values()].filter((hook) => hook.kind === 'module' && found.get(hook.name)?.file !== hook.file);
    this.#hooks = found;
    this.#index();
    await Promise.all(gone.map((hook) => this.#unload(hook.file)));
    const unloaded = [...found.values()].filter((hook) => hook.kind === 'module' && !this.#modules.has(hook.file));
    await Promise.all(unloaded.map((hook) => this.#reload(this.#entry(hook))));
  }

  #index(): void {
    this.#names = [...this.#hooks.values()]
      .filter((hook) => hook.kind === 'module' || this.#scripts)
      .map((hook) => hook.name)
      .sort();
  }
}
