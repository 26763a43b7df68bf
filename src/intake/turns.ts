/** A place in the order of one key: it may start once `before` resolves, and must end(). */
export interface Turn {
  /** Undefined when nothing of its key came before it, or all that did has ended. */
  readonly before: Promise<void> | undefined;
  /** Lets the next turn of its key start; a second call does nothing. */
  end(): void;
}

/**
 * Turns per key, taken in arrival order: each starts once the one taken before it under the
 * same key has ended. The dispatcher's key is a hook and a repository, so that hook X of a
 * repository's second delivery runs after hook X of its first, and nothing else waits.
 */
export class Turns {
  readonly #last = new Map<string, Promise<void>>();

  take(key: string): Turn {
    const before = this.#last.get(key);
    let release!: () => void;
    const ended = new Promise<void>((resolve) => (release = resolve));
    this.#last.set(key, ended);
    let open = true;
    return {
      before,
      end: () => {
        if (!open) return;
        open = false;
        release();
        // The last turn of its key leaves nothing behind.
        if (this.#last.get(key) === ended) this.#last.delete(key);
      },
    };
  }
}
