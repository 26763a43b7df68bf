import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HookResult } from './hook-result.ts';

export interface SpawnRequest {
  id: number;
  file: string;
  event: string;
  /** The payload's JSON bytes, written to the temporary file the script is given. */
  payload: Uint8Array;
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
}

export type SpawnReply = Omit<HookResult, 'reason'> & { id: number };

interface Thread {
  worker: Worker;
  busy: number;
}

/**
 * A few worker threads that spawn legacy scripts, so that the 1–2 ms a spawn blocks its
 * thread is not spent on the thread that answers HTTP, and spawns run in parallel.
 */
export class SpawnerPool {
  readonly #threads: Thread[] = [];
  readonly #pending = new Map<number, { resolve: (reply: SpawnReply) => void; thread: Thread }>();
  #next = 0;

  constructor(readonly size = Math.max(2, availableParallelism())) {}

  run(request: Omit<SpawnRequest, 'id'>): Promise<SpawnReply> {
    const thread = this.#leastBusy();
    const id = ++this.#next;
    thread.busy++;
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve, thread });
      thread.worker.postMessage({ ...request, id } satisfies SpawnRequest);
    });
  }

  async close(): Promise<void> {
    const threads = this.#threads.splice(0);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  #leastBusy(): Thread {
    if (this.#threads.length < this.size && this.#threads.every((t) => t.busy > 0)) return this.#start();
    return this.#threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  #start(): Thread {
    const worker = new Worker(new URL('./spawner-worker.js', import.meta.url));
    worker.unref();
    const thread: Thread = { worker, busy: 0 };
    worker.on('message', (reply: SpawnReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      pending.thread.busy--;
      pending.resolve(reply);
    });
    worker.on('error', (err) => this.#lost(thread, err));
    worker.on('exit', (code) => this.#lost(thread, new Error(`spawner thread exited with code ${code}`)));
    this.#threads.push(thread);
    return thread;
  }

  /** A thread that died answers its pending scripts as failed, and is replaced on demand. */
  #lost(thread: Thread, err: Error): void {
    const index = this.#threads.indexOf(thread);
    if (index >= 0) this.#threads.splice(index, 1);
    for (const [id, pending] of this.#pending) {
      if (pending.thread !== thread) continue;
      this.#pending.delete(id);
      pending.resolve({ id, returncode: 1, stdout: '', stderr: `script runner failed: ${err.message}`, status: 'failed', duration_ms: 0 });
    }
  }
}
