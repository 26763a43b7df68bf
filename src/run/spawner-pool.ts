import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { HookResult } from './hook-result.ts';

export interface SpawnRequest {
  id: number;
  file: string;
  event: string;
  /** The payload's JSON bytes, written to the temporary file the script is given. */
  payload: Uint8Array;
  /** Added to genvoy's environment for this script (GENVOY_EVENT and friends). */
  vars: Record<string, string>;
  cwd: string;
  timeoutMs: number;
}

export type SpawnReply = Omit<HookResult, 'reason'> & { id: number };

interface Spawner {
  process: ChildProcess;
  busy: number;
}

const program = fileURLToPath(new URL('./spawner-process.js', import.meta.url));

/**
 * A few small processes that spawn legacy scripts (spawner-process.js says why), started
 * on first use, each taking the next script when it has the fewest running.
 */
export class SpawnerPool {
  readonly #spawners: Spawner[] = [];
  readonly #pending = new Map<number, { resolve: (reply: SpawnReply) => void; spawner: Spawner }>();
  #next = 0;

  constructor(readonly size = Math.max(2, availableParallelism())) {}

  run(request: Omit<SpawnRequest, 'id'>): Promise<SpawnReply> {
    const spawner = this.#leastBusy();
    const id = ++this.#next;
    spawner.busy++;
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve, spawner });
      spawner.process.send({ ...request, id } satisfies SpawnRequest);
    });
  }

  async close(): Promise<void> {
    for (const spawner of this.#spawners.splice(0)) spawner.process.kill();
  }

  #leastBusy(): Spawner {
    if (this.#spawners.length < this.size && this.#spawners.every((s) => s.busy > 0)) return this.#start();
    return this.#spawners.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  #start(): Spawner {
    const { GENVOY_SECRET: _, ...env } = process.env;
    // A small young generation keeps the spawner's memory, and so the cost of each fork, small.
    const execArgv = ['--max-semi-space-size=1'];
    const child = fork(program, [], { env, execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const spawner: Spawner = { process: child, busy: 0 };
    child.on('message', (reply: SpawnReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      pending.spawner.busy--;
      pending.resolve(reply);
    });
    child.on('error', (err) => this.#lost(spawner, err));
    child.on('exit', (code, signal) => this.#lost(spawner, new Error(`spawner process ended (${signal ?? code})`)));
    child.unref();
    child.channel?.unref();
    this.#spawners.push(spawner);
    return spawner;
  }

  /** A spawner that died answers its pending scripts as failed, and is replaced on demand. */
  #lost(spawner: Spawner, err: Error): void {
    const index = this.#spawners.indexOf(spawner);
    if (index >= 0) this.#spawners.splice(index, 1);
    for (const [id, pending] of this.#pending) {
      if (pending.spawner !== spawner) continue;
      this.#pending.delete(id);
      pending.resolve({ id, returncode: 1, stdout: '', stderr: `script runner failed: ${err.message}`, status: 'failed', duration_ms: 0 });
    }
  }
}
