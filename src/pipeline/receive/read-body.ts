import type { IncomingMessage } from 'node:http';
import { sharedBuffer } from '../../base/shared-memory.ts';
import { Rejection } from './rejection.ts';

/** GitHub caps a payload at 25 MB and does not send larger ones. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * A body of declared length from this size on is received into memory that threads share:
 * the parse thread and the hook threads read it where it is, and nothing copies it (a copy of
 * 20 MB holds the thread that makes it for a tenth of a second and more).
 */
export const SHARED_BYTES = 64 * 1024;

export interface ReadOptions {
  limit?: number;
  /** Told the bytes the body holds, declared or arrived so far, before they are kept: it may refuse (a 503 over the budget). */
  hold?: (bytes: number) => void;
  /** The time the whole body may take; a slower sender is cut (408). */
  timeoutMs?: number;
}

/**
 * The raw request body, kept as bytes: the signature is computed over exactly these.
 * A body over the limit is refused (413) before or while it arrives, never buffered whole;
 * a large one of declared length fills one shared buffer of that size as it arrives.
 * A refusal leaves the rest unread: the answer closes the connection.
 */
export function readBody(req: IncomingMessage, { limit = MAX_BODY_BYTES, hold, timeoutMs }: ReadOptions = {}): Promise<Buffer> {
  const header = req.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && declared > limit) return Promise.reject(tooLarge(limit));
  try {
    hold?.(declared ?? 0);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  return new Promise((resolve, reject) => {
    const whole = declared !== undefined && declared >= SHARED_BYTES ? sharedBuffer(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      if (whole) {
        chunk.copy(whole, size);
        size += chunk.length;
        // One chunk a turn of the event loop: several large bodies arriving at once would
        // otherwise be copied for as long as their sockets have data, with /healthz waiting.
        req.pause();
        setImmediate(() => settled || req.resume());
        return;
      }
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      try {
        hold?.(size);
      } catch (err) {
        return fail(err as Error);
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(whole ?? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    };
    const onAborted = () => fail(new Rejection(400, 'incomplete', 'client closed the connection before the body was complete'));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => fail(new Rejection(408, 'timeout', `body not complete within ${timeoutMs / 1000} s (${size} of ${declared ?? 'unknown'} bytes arrived)`)), timeoutMs);
    const cleanup = () => {
      settled = true;
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', fail).off('aborted', onAborted);
      // Paused, so that nothing more is read while the refusal goes out and the connection closes.
      req.pause();
    };
    req.on('data', onData).on('end', onEnd).on('error', fail).on('aborted', onAborted);
  });
}

function tooLarge(limit: number): Rejection {
  return new Rejection(413, 'body_too_large', `body larger than ${limit / 1024 / 1024} MB (GitHub's limit)`);
}
