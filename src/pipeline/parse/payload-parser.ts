import { Worker } from 'node:worker_threads';
import { threadEntry } from '../../base/own-module.ts';
import { decodeBody } from '../receive/decode-body.ts';
import { Rejection } from '../receive/rejection.ts';
import { withFacts, type Delivery } from './delivery.ts';
import { payloadFacts } from './payload-facts.ts';
import type { ParseAnswer, ParseRequest } from './parse-thread.ts';

/**
 * Bodies from this size on are parsed on the parse thread: JSON.parse takes about 10 ms a MB
 * on a busy core, and a thread's round trip a fraction of one; GitHub's usual payloads
 * (a few KB) never pay for it.
 */
export const OFF_THREAD_BYTES = 256 * 1024;

const entry = threadEntry(new URL('./parse-thread.js', import.meta.url));

/**
 * Turns a checked body into a delivery: a small one at once, a large one on a thread of its
 * own (started at the first, kept for the next), so that a 25 MB payload never holds up the
 * thread that answers HTTP, /healthz included. Either way the same decodeBody and the same
 * facts: the answers, the refusals and their messages do not depend on the size.
 */
export class PayloadParser {
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, { resolve: (answer: ParseAnswer) => void; reject: (err: Error) => void }>();
  #next = 0;

  async delivery(head: { event: string; id: string }, raw: Buffer, contentType: string | undefined): Promise<Delivery> {
    if (raw.length < OFF_THREAD_BYTES) {
      const { json, payload } = decodeBody(raw, contentType);
      // Only the facts are kept: a delivery waits for its hooks with its bytes alone (the
      // threads parse those), not with a parsed copy that would live on into the old generation.
      return withFacts(head, payloadFacts(head.event, payload), json);
    }
    const answer = await this.#ask(raw, contentType, head.event);
    if ('rejection' in answer) throw new Rejection(answer.rejection.status, answer.rejection.reason, answer.rejection.message);
    if ('error' in answer) throw new Error(`the parse thread failed: ${answer.error}`);
    return withFacts(head, answer.facts, Buffer.from(answer.json.buffer, answer.json.byteOffset, answer.json.byteLength));
  }

  /** Ends the thread; a parse under way fails. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  /**
   * Shares the body with the thread when it is in shared memory (a large body of declared length
   * is); else hands its memory over when it is the body's alone (it comes back as the payload),
   * or copies it.
   */
  #ask(raw: Buffer, contentType: string | undefined, event: string): Promise<ParseAnswer> {
    const worker = this.#thread();
    const id = ++this.#next;
    const request: ParseRequest = { id, body: raw, contentType, event };
    const owned = raw.buffer instanceof ArrayBuffer && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if (this.#waiting.size === 1) worker.ref();
      worker.postMessage(request, owned ? [raw.buffer as ArrayBuffer] : []);
    });
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(entry, { name: 'genvoy parse' });
    // Idle, it keeps no process alive.
    worker.unref();
    worker.on('message', (answer: ParseAnswer) => {
      const waiting = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      if (this.#waiting.size === 0) worker.unref();
      waiting?.resolve(answer);
    });
    const lost = (why: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const { reject } of this.#waiting.values()) reject(new Error(`the parse thread ${why}`));
      this.#waiting.clear();
    };
    worker.on('error', (err) => lost(`failed: ${err.message}`));
    worker.on('exit', (code) => lost(`exited (${code})`));
    this.#worker = worker;
    return worker;
  }
}
