// The parse thread: decodes and parses large payloads and reads their facts, at the word of
// payload-parser.ts, so that the thread that answers HTTP never spends a parse's time on them.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { decodeBody } from '../receive/decode-body.ts';
import { Rejection, type RejectionReason } from '../receive/rejection.ts';
import { payloadFacts, type PayloadFacts } from './payload-facts.ts';

export interface ParseRequest {
  id: number;
  /** The body as received: shared, or its memory handed over (it comes back as a JSON body's `json`). */
  body: Uint8Array;
  contentType: string | undefined;
  event: string;
}

export type ParseAnswer =
  | { id: number; json: Uint8Array; facts: PayloadFacts }
  | { id: number; rejection: { status: Rejection['status']; reason: RejectionReason; message: string } }
  | { id: number; error: string };

const port = parentPort!;

// Below the thread that answers HTTP: on a busy machine, /healthz goes first. Linux sets the
// priority of one thread by its id, which /proc/thread-self names; elsewhere it stays as it is.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {}

port.on('message', ({ id, body, contentType, event }: ParseRequest) => {
  try {
    const raw = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const { json, payload } = decodeBody(raw, contentType);
    const answer: ParseAnswer = { id, json, facts: payloadFacts(event, payload) };
    // A JSON body is the payload itself: memory handed over goes back as it came (shared memory is
    // shared still); a form's payload is copied.
    port.postMessage(answer, json === raw && body.buffer instanceof ArrayBuffer ? [body.buffer] : []);
  } catch (err) {
    const { status, reason, message } = err as Rejection;
    port.postMessage(err instanceof Rejection ? { id, rejection: { status, reason, message } } : { id, error: (err as Error).message });
  }
});

