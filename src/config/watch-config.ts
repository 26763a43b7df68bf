import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../base/logger.ts';
import { redactQueue } from '../base/redact-url.ts';
import { loadConfig, type Overrides } from './load-config.ts';
import type { Config } from './schema.ts';

/** An edit of the config file that did not load: when, and why. */
export interface RejectedEdit {
  at: number;
  error: string;
}

/** Keys that are read once at start: a change is noted in the log and waits for a restart. */
const restartKeys = ['http_port', 'http_host', 'path', 'journal_path', 'queue'] as const;

/**
 * Holds the config in force and follows edits of its file: a good edit applies to
 * the next delivery, a bad one is logged and the last good config stays.
 */
export class LiveConfig {
  #current: Config;
  #watcher: FSWatcher | undefined;
  readonly #listeners: Array<(next: Config, previous: Config) => void> = [];
  readonly #reloadListeners: Array<(error?: string) => void> = [];
  #rejectedEdit: RejectedEdit | undefined;

  constructor(
    initial: Config,
    private readonly overrides: Overrides,
    private readonly log: Logger,
  ) {
    this.#current = initial;
    this.#warn(initial);
  }

  get current(): Config {
    return this.#current;
  }

  onChange(listener: (next: Config, previous: Config) => void): void {
    this.#listeners.push(listener);
  }

  /** Told of every reload of the file: with the error when the edit was rejected. */
  onReload(listener: (error?: string) => void): void {
    this.#reloadListeners.push(listener);
  }

  /** The last edit of the file, if it was rejected (the config before it stays in force); cleared by a good edit. */
  get rejectedEdit(): RejectedEdit | undefined {
    return this.#rejectedEdit;
  }

  async watch(): Promise<void> {
    const file = this.#current.file;
    if (!file) return;
    this.#watcher = watch(file, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 } });
    this.#watcher.on('add', () => void this.reload()).on('change', () => void this.reload());
    this.#watcher.on('error', (err) => this.log.error({ err, file }, 'watching the config file failed'));
    await new Promise<void>((resolve) => this.#watcher!.once('ready', () => resolve()));
  }

  async reload(): Promise<void> {
    const previous = this.#current;
    let next: Config;
    try {
      next = await loadConfig(previous.file, this.overrides);
    } catch (err) {
      const error = (err as Error).message;
      this.#rejectedEdit = { at: Date.now(), error };
      this.log.error({ file: previous.file, error }, 'config edit rejected; the last good config stays in force');
      for (const listener of this.#reloadListeners) listener(error);
      return;
    }
    for (const key of restartKeys) {
      if (JSON.stringify(next[key]) !== JSON.stringify(previous[key])) {
        this.log.warn({ key, running: redactQueue(previous[key]), configured: redactQueue(next[key]) }, `config "${key}" changed: takes effect at the next start`);
        (next as Record<string, unknown>)[key] = previous[key];
      }
    }
    this.#current = next;
    this.#rejectedEdit = undefined;
    this.log.info({ file: next.file }, 'config reloaded');
    this.#warn(next);
    for (const listener of this.#listeners) listener(next, previous);
    for (const listener of this.#reloadListeners) listener();
  }

  async close(): Promise<void> {
    await this.#watcher?.close();
  }

  /** What the file says that genvoy takes, but warns about: at start and at each edit. */
  #warn(config: Config): void {
    for (const { path, message } of config.warnings) this.log.warn({ file: config.file, key: path.join('.') }, `${path.join('.')}: ${message}`);
  }
}
