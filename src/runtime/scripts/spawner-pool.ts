import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../../base/child-env.ts';
import { failed } from '../../pipeline/answer/hook-result.ts';
import type { SpawnerReady, SpawnReply, SpawnRequest } from './spawn-protocol.ts';

interface Spawner {
  process: ChildProcess;
  busy: number;
  /**
   * It spawns through a Python process, which keeps every core busy alone (spawn-coprocess.js);
   * assumed until it says otherwise, so that a first burst does not start a second one.
   */
  alone: boolean;
}

interface Pending {
  resolve: (reply: SpawnReply) => void;
  spawner: Spawner;
  /** Answers for a spawner that neither replies nor dies (stopped, wedged). */
  deadline: NodeJS.Timeout;
}

const program = fileURLToPath(new URL('./spawner-process.js', import.meta.url));
/** How long past a script's own timeout genvoy waits for its spawner's answer. */
const REPLY_GRACE_MS = 5_000;

/**
 * A few small processes that spawn legacy scripts (spawner-process.js says why), started
 * on first use, each taking the next script when it has the fewest running.
 */
export class SpawnerPool {
  readonly #spawners: Spawner[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #closed = false;

  /**
   * Without python3, two keep both cores of a small machine forking; more than four only cost
   * memory. With it, one spawner was as fast as two in our measurements, and the pool stays at one.
   */
  constructor(readonly size = Math.min(4, Math.max(2, availableParallelism()))) {}

  run(request: Omit<SpawnRequest, 'id'>): Promise<SpawnReply> {
    const id = ++this.#next;
    if (this.#closed) return Promise.resolve(failure(id, 'genvoy is stopping'));
    const spawner = this.#leastBusy();
    spawner.busy++;
    return new Promise((resolve) => {
      const deadline = setTimeout(() => this.#settle(id, failure(id, 'its spawner process did not answer')), request.timeoutMs + REPLY_GRACE_MS);
      this.#pending.set(id, { resolve, spawner, deadline });
      spawner.process.send({ ...request, id } satisfies SpawnRequest);
    });
  }

  /** Lets each spawner finish the scripts it is running (each within its timeout), then end. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      this.#spawners.map(async ({ process: child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        if (child.connected) child.send('stop');
        await exited;
      }),
    );
  }

  #leastBusy(): Spawner {
    const grow = this.#spawners.length < this.size && this.#spawners.every((s) => s.busy > 0 && !s.alone);
    if (grow) return this.#start();
    return this.#spawners.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  #start(): Spawner {
    const env = childEnv(process.env);
    // A small young generation keeps the spawner's memory, and so the cost of each fork, small;
    // without the JIT (and so WebAssembly) it holds 6 MiB less, and its little work per script
    // costs about as much.
    const execArgv = ['--max-semi-space-size=1', '--jitless', '--no-expose-wasm'];
    const child = fork(program, [], { env, execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const spawner: Spawner = { process: child, busy: 0, alone: true };
    child.on('message', (message: SpawnReply | SpawnerReady) => {
      if ('mode' in message) spawner.alone = message.mode === 'coprocess';
      else this.#settle(message.id, message);
    });
    // The channel closes after the last message is read, so no reply is lost to this.
    child.on('disconnect', () => this.#lost(spawner));
    child.on('error', () => this.#lost(spawner));
    child.unref();
    child.channel?.unref();
    this.#spawners.push(spawner);
    return spawner;
  }

  #settle(id: number, reply: SpawnReply): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.deadline);
    pending.spawner.busy--;
    pending.resolve(reply);
  }

  /** A spawner that died answers its pending scripts as failed, and is replaced on demand. */
  #lost(spawner: Spawner): void {
    const index = this.#spawners.indexOf(spawner);
    if (index >= 0 && !this.#closed) this.#spawners.splice(index, 1);
    for (const [id, pending] of this.#pending) {
      if (pending.spawner === spawner) this.#settle(id, failure(id, 'its spawner process ended'));
    }
  }
}

function failure(id: number, why: string): SpawnReply {
  return { id, ...failed(`script runner failed: ${why}`, performance.now()) };
}
