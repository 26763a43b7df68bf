/**
 * The yardstick: the least a Node webhook receiver must do per delivery (read the body, check
 * its HMAC-SHA256 in constant time, JSON.parse it, answer) and nothing more. With --exec it also
 * runs a script per delivery with execFile on the main thread before answering, as a
 * straightforward Node receiver would. Prints `listening on URL` as genvoy does, so both start alike.
 *
 *   node --import tsx bench/bare-server.ts --secret S [--exec FILE] [--port 0]
 */
import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs, promisify } from 'node:util';

const HOST = '127.0.0.1';

const { values } = parseArgs({
  options: {
    secret: { type: 'string' },
    exec: { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});
const { secret, exec: script } = values;
if (!secret) {
  process.stderr.write('bare-server: --secret is required\n');
  process.exit(2);
}
const run = promisify(execFile);
// Exit normally on SIGTERM (the default would kill outright), so `node --cpu-prof` can write its profile.
process.once('SIGTERM', () => process.exit(0));

const server = createServer((req, res) => {
  handle(req, res).catch((err: Error) => reply(res, 500, { error: err.message }));
});
server.listen(Number(values.port), HOST, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://${HOST}:${port}\n`);
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readAll(req);
  if (!signedWith(secret!, body, req.headers['x-hub-signature-256'])) return reply(res, 403, { error: 'bad signature' });
  let payload: { ref?: unknown };
  try {
    payload = JSON.parse(body.toString('utf8')) as { ref?: unknown };
  } catch {
    return reply(res, 400, { error: 'not JSON' });
  }
  if (script) await run(script);
  reply(res, 200, { status: 'ok', ref: payload.ref });
}

function signedWith(key: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', key).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** With 'data' events rather than `for await`: the cheapest way, as befits a yardstick. */
function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function reply(res: ServerResponse, status: number, answer: object): void {
  const text = JSON.stringify(answer);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
