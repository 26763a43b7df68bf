import { stat } from 'node:fs/promises';
import type { Logger } from '../base/logger.ts';

/**
 * A config file that a hook reads on each delivery, parsed again only when the file changed
 * (its size, time or inode): no watcher to stop when the hook reloads. A bad edit is logged
 * once, with why, and the last good version stays in force; with none yet, it is an error.
 */
export class RereadOnChange<T> {
  #good: T | undefined;
  #seen = '';

  constructor(
    readonly file: string,
    private readonly load: (file: string) => Promise<T>,
  ) {}

  async get(log: Logger): Promise<T> {
    let version: string;
    try {
      const stats = await stat(this.file);
      version = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    } catch (err) {
      version = `missing: ${(err as Error).message}`;
    }
    if (version === this.#seen && this.#good !== undefined) return this.#good;
    try {
      const next = await this.load(this.file);
      if (this.#good !== undefined) log.info({ file: this.file }, 'config reloaded');
      this.#good = next;
    } catch (err) {
      if (this.#good === undefined) throw err;
      if (version !== this.#seen) log.error({ file: this.file, error: (err as Error).message }, 'config edit rejected; the last good config stays in force');
    }
    this.#seen = version;
    return this.#good;
  }
}
