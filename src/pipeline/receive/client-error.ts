import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../../base/logger.ts';
import type { RejectionReason } from './rejection.ts';

/** The status, the reason's code and its message for what node:http refuses before a request reaches genvoy. */
function refusal(code: string | undefined, message: string): { status: number; reason: RejectionReason; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'header_too_large', message: `request headers larger than ${maxHeaderSize / 1024} KB (node's limit)` };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, reason: 'malformed_http', message: 'chunk extensions too large' };
    case 'HPE_INVALID_EOF_STATE':
      return { status: 400, reason: 'incomplete', message: 'connection closed before the request was complete' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'timeout', message: 'request not complete in time' };
    default:
      return { status: 400, reason: 'malformed_http', message: `malformed HTTP request: ${message}` };
  }
}

/**
 * A `clientError` listener for the server: requests node:http refuses itself (malformed HTTP,
 * headers over its size limit, too slow) get a JSON reason and a log line, as genvoy's own
 * rejections do, instead of node's bare status line. Like node, it writes nothing into a
 * response already under way, and closes the connection.
 */
export function answerClientErrors(log: Logger, rejected?: (reason: RejectionReason) => void): (err: NodeJS.ErrnoException, socket: Socket) => void {
  return (err, socket) => {
    // A connection the client reset or closed: no one to answer.
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, reason, message } = refusal(err.code, err.message);
    rejected?.(reason);
    log.warn({ client: socket.remoteAddress, status, reason: message, code: err.code }, 'delivery rejected');
    // node's own check: the in-flight response (a private field) must not have started.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
    if (!inFlight?.headersSent) {
      const body = JSON.stringify({ error: message });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
