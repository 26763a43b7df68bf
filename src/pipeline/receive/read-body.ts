import type { IncomingMessage } from 'node:http';
import { Rejection } from './rejection.ts';

/** GitHub caps a payload at 25 MB and does not send larger ones. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * The raw request body, kept as bytes: the signature is computed over exactly these.
 * A body over the limit is refused (413) before or while it arrives, never buffered whole.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume(); // drain the rest so the 413 can still be written
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
    };
    const onAborted = () => onError(new Rejection(400, 'incomplete', 'client closed the connection before the body was complete'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

function tooLarge(limit: number): Rejection {
  return new Rejection(413, 'body_too_large', `body larger than ${limit / 1024 / 1024} MB (GitHub's limit)`);
}
