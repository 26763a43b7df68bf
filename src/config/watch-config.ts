import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../log/logger.ts';
import { redactQueue } from '../queue/redact-url.ts';
import { loadConfig, type Overrides } from './load-config.ts';
import type { Config } from './schema.ts';

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

  constructor(
    initial: Config,
    private readonly overrides: Overrides,
    private readonly log: Logger,
  ) {
    this.#current = initial;
  }

  get current(): Config {
    return this.#current;
  }

  onChange(listener: (next: Config, previous: Config) => void): void {
    this.#listeners.push(listener);
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
      this.log.error({ file: previous.file, error: (err as Error).message }, 'config edit rejected; the last good config stays in force');
      return;
    }
    for (const key of restartKeys) {
      if (JSON.stringify(next[key]) !== JSON.stringify(previous[key])) {
        this.log.warn({ key, running: redactQueue(previous[key]), configured: redactQueue(next[key]) }, `config "${key}" changed: takes effect at the next start`);
        (next as Record<string, unknown>)[key] = previous[key];
      }
    }
    this.#current = next;
    this.log.info({ file: next.file }, 'config reloaded');
    for (const listener of this.#listeners) listener(next, previous);
  }

  async close(): Promise<void> {
    await this.#watcher?.close();
  }
}
