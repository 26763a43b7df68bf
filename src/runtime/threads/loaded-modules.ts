type Exports = Record<string, unknown>;

/** A module as its thread holds it: the version in force (or why it failed) and the last good one. */
interface Held {
  current: Exports | Error;
  good?: Exports;
}

/**
 * The hook modules one hook thread holds, by file. A version that fails to load is in force
 * (deliveries show its error) while the last good one is kept, to be disposed once a newer
 * good version has loaded or the module is removed.
 */
export class LoadedModules {
  readonly #held = new Map<string, Held>();

  /** The version in force; undefined when the thread was never given the module. */
  current(file: string): Exports | Error | undefined {
    return this.#held.get(file)?.current;
  }

  /** Puts a loaded version in force; returns the good version it replaces, to dispose. */
  loaded(file: string, exports: Exports): Exports | undefined {
    const held = this.#held.get(file);
    if (!held) return void this.#held.set(file, { current: exports, good: exports });
    const replaced = held.good;
    held.current = held.good = exports;
    return replaced;
  }

  failed(file: string, error: Error): void {
    const held = this.#held.get(file);
    if (held) held.current = error;
    else this.#held.set(file, { current: error });
  }

  /** Forgets a module; returns its last good version, to dispose. */
  remove(file: string): Exports | undefined {
    const held = this.#held.get(file);
    this.#held.delete(file);
    return held?.good;
  }

  /** Forgets every module; returns their last good versions, to dispose. */
  clear(): Array<[string, Exports]> {
    const goods = [...this.#held].flatMap(([file, held]) => (held.good ? [[file, held.good] as [string, Exports]] : []));
    this.#held.clear();
    return goods;
  }
}
