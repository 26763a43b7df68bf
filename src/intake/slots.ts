/**
 * Up to `limit` hooks running at once. Hooks that wait for a slot wait per lane (a
 * repository), and the lanes take turns: a burst on one repository queues behind itself,
 * never in front of another repository's next hook.
 */
export class Slots {
  readonly #waiting = new Map<string, Array<(held: boolean) => void>>();
  /** Lanes with hooks waiting, in the order they get the next free slot. */
  readonly #ready: string[] = [];
  #active = 0;
  #stopped = false;
  #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** A raised limit gives slots to waiting lanes at once. */
  set limit(limit: number) {
    this.#limit = limit;
    this.#fill();
  }

  /** Resolves true once a slot is held for `lane` (give it back with give()), false once stopped. */
  take(lane: string): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    if (this.#active < this.#limit && this.#ready.length === 0) {
      this.#active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const queue = this.#waiting.get(lane);
      if (queue) return void queue.push(resolve);
      this.#waiting.set(lane, [resolve]);
      this.#ready.push(lane);
    });
  }

  give(): void {
    this.#active--;
    this.#fill();
  }

  /** Gives no more slots: whoever waits is told false. */
  stop(): void {
    this.#stopped = true;
    for (const queue of this.#waiting.values()) for (const resolve of queue) resolve(false);
    this.#waiting.clear();
    this.#ready.length = 0;
  }

  #fill(): void {
    while (this.#active < this.#limit && this.#ready.length > 0) {
      const lane = this.#ready.shift()!;
      const queue = this.#waiting.get(lane)!;
      const resolve = queue.shift()!;
      if (queue.length === 0) this.#waiting.delete(lane);
      else this.#ready.push(lane);
      this.#active++;
      resolve(true);
    }
  }
}
