/**
 * Runs tasks one at a time per lane, in the order they were pushed, and up to `limit`
 * lanes at once. A lane gives up its slot after each task when other lanes wait, so one
 * busy repository cannot starve the rest.
 */
export class Lanes {
  readonly #queues = new Map<string, Array<() => Promise<void>>>();
  /** Lanes with work that wait for a slot, in the order they asked. */
  readonly #ready: string[] = [];
  readonly #running = new Set<Promise<void>>();
  #active = 0;
  #stopped = false;
  #limit: number;

  constructor(
    limit: number,
    /** Tasks are expected to handle their own errors; one that slips through is reported here. */
    private readonly onError: (err: unknown) => void,
  ) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** A raised limit starts waiting lanes at once. */
  set limit(limit: number) {
    this.#limit = limit;
    this.#fill();
  }

  push(lane: string, task: () => Promise<void>): void {
    const queue = this.#queues.get(lane);
    if (queue) {
      queue.push(task);
      return;
    }
    this.#queues.set(lane, [task]);
    this.#ready.push(lane);
    this.#fill();
  }

  /** Starts nothing more; resolves when the tasks already running have finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#running);
  }

  #fill(): void {
    while (!this.#stopped && this.#active < this.#limit && this.#ready.length > 0) {
      const lane = this.#ready.shift()!;
      this.#active++;
      const running = this.#next(lane).finally(() => this.#running.delete(running));
      this.#running.add(running);
    }
  }

  async #next(lane: string): Promise<void> {
    const queue = this.#queues.get(lane)!;
    try {
      await queue.shift()!();
    } catch (err) {
      this.onError(err);
    }
    this.#active--;
    if (queue.length === 0) this.#queues.delete(lane);
    else this.#ready.push(lane);
    this.#fill();
  }
}
