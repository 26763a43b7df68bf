import { connect, type Socket } from 'node:net';

/** A parsed HTTP answer (the first final one: interim 1xx answers are skipped). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawOptions {
  /** Writes the head at once, then the body one byte at a time, this many ms apart (a slow sender). */
  trickleMs?: number;
  /**
   * After the last byte: `wait` for the answer; `end` half-closes (the sender stops, and
   * still reads); `destroy` closes the connection outright (no answer can come).
   */
  then?: 'wait' | 'end' | 'destroy';
  /** A bound on the whole exchange: past it the promise rejects, as a hang. */
  timeoutMs: number;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection (so that malformed HTTP can be
 * sent at all; fetch and node:http refuse to), and resolves with the answer, or undefined
 * when the server closed the connection without one.
 */
export function rawRequest(port: number, request: Buffer, { trickleMs, then = 'wait', timeoutMs }: RawOptions): Promise<RawAnswer | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let done = false;
    const finish = (answer: RawAnswer | undefined, err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined, new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      const answer = parseAnswer(Buffer.concat(received), false);
      if (answer) finish(answer);
    });
    // A reset after the server answered and closed while bytes were still going out is no failure.
    socket.on('error', () => {});
    socket.on('close', () => finish(parseAnswer(Buffer.concat(received), true)));
    socket.once('connect', () => void write(socket, request, trickleMs, () => done).then(() => {
      if (done) return;
      if (then === 'end') socket.end();
      if (then === 'destroy') finish(undefined);
    }));
  });
}

async function write(socket: Socket, bytes: Buffer, trickleMs: number | undefined, stopped: () => boolean): Promise<void> {
  const bodyAt = trickleMs === undefined ? bytes.length : bytes.indexOf('\r\n\r\n') + 4;
  await new Promise<void>((resolve) => socket.write(bytes.subarray(0, bodyAt), () => resolve()));
  socket.setNoDelay(true); // each byte its own segment
  for (let i = bodyAt; i < bytes.length && !stopped(); i++) {
    socket.write(bytes.subarray(i, i + 1));
    await new Promise((resolve) => setTimeout(resolve, trickleMs));
  }
}

/** The first final answer in `data`, once complete; without a Content-Length its body runs to the close. */
function parseAnswer(data: Buffer, closed: boolean): RawAnswer | undefined {
  let start = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', start);
    if (end === -1) return undefined;
    const [statusLine = '', ...lines] = data.subarray(start, end).toString('latin1').split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    start = end + 4;
    if (status >= 100 && status < 200) continue;
    const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
    if (length === undefined) return closed ? { status, headers, body: data.subarray(start).toString('utf8') } : undefined;
    if (data.length - start < length) return undefined;
    return { status, headers, body: data.subarray(start, start + length).toString('utf8') };
  }
}
