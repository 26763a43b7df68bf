import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/pipeline/guard/sign-body.ts';
import { rawRequest } from '../support/raw-http.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

const secret = 'refuse-test-secret-0123456789';
const MB = 1024 * 1024;
const signature = `x-hub-signature-256: ${sign('', secret)}\r\n`;

/** A request head declaring a body of `bytes`, none of which is sent. */
const head = (lines: string, bytes = 24 * MB) => Buffer.from(`POST / HTTP/1.1\r\nhost: x\r\ncontent-length: ${bytes}\r\n${lines}\r\n`, 'latin1');

/**
 * A connection that sends a delivery's head and the first byte of its body, then holds it (a
 * slow sender): what it declares is held of the budget until it is answered or gone.
 */
function holding(port: number, from: string, bytes: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head(`x-forwarded-for: ${from}\r\nx-github-event: push\r\ncontent-type: application/json\r\n${signature}`, bytes));
      socket.write('{', () => resolve(socket));
    });
    socket.on('error', () => {});
  });
}

describe('refused before the body is read', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      enforce_secret: secret,
      trusted_proxies: ['127.0.0.1/32'],
      allowed_ips: ['127.0.0.1/32', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'],
      body_budget_mb: 100,
      body_budget_per_client: 0.5,
    });
  });
  afterAll(() => server.stop());

  // Only the head is sent: an answer can come only from a server that did not wait for the body.
  const answer = (lines: string) => rawRequest(server.genvoy.port, head(lines), { timeoutMs: 5000 });

  it('answers a delivery without a signature header at once, 403, and closes the connection', async () => {
    const refused = await answer('x-github-event: push\r\ncontent-type: application/json\r\n');
    expect(refused?.status).toBe(403);
    expect(refused?.headers.connection).toBe('close');
    expect(JSON.parse(refused!.body).error).toBe('signature missing: X-Hub-Signature-256 header expected');
  });

  it('answers a delivery without X-GitHub-Event at once, 400', async () => {
    const refused = await answer(`content-type: application/json\r\n${signature}`);
    expect(refused?.status).toBe(400);
    expect(JSON.parse(refused!.body).error).toBe('X-GitHub-Event header missing');
  });

  it('answers a content type genvoy does not take at once, 415', async () => {
    const refused = await answer(`x-github-event: push\r\ncontent-type: text/plain\r\n${signature}`);
    expect(refused?.status).toBe(415);
    expect(JSON.parse(refused!.body).error).toMatch(/^content type "text\/plain" is not supported/);
  });

  it('holds one client to its share and all to the budget (503 with Retry-After), and frees what a request held once it is gone', async () => {
    // 100 MB in all, 50 MB for one client.
    const first = [await holding(server.genvoy.port, '192.0.2.1', 24 * MB), await holding(server.genvoy.port, '192.0.2.1', 24 * MB)];
    const third = await answer(`x-forwarded-for: 192.0.2.1\r\nx-github-event: push\r\ncontent-type: application/json\r\n${signature}`);
    expect(third?.status).toBe(503);
    expect(third?.headers['retry-after']).toBe('1');
    expect(JSON.parse(third!.body).error).toBe('this client is sending as many bodies as one client may at once; try again in a moment');

    // Another client still has room, until the budget is spent.
    const second = [await holding(server.genvoy.port, '198.51.100.1', 24 * MB), await holding(server.genvoy.port, '198.51.100.1', 24 * MB)];
    const small = `x-forwarded-for: 203.0.113.1\r\nx-github-event: push\r\ncontent-type: application/json\r\n${signature}`;
    const over = await rawRequest(server.genvoy.port, head(small, 5 * MB), { timeoutMs: 5000 });
    expect(over?.status).toBe(503);
    expect(JSON.parse(over!.body).error).toBe('genvoy is receiving as many bodies as it takes at once; try again in a moment');
    expect(server.logs()).toContainEqual(expect.objectContaining({ msg: 'delivery rejected', status: 503, client: '203.0.113.1' }));

    // The first client leaves: what it held is free again, and the same request is read (and its wrong signature refused).
    for (const socket of first) socket.destroy();
    const body = Buffer.from(`{"zen":"${'x'.repeat(5 * MB - 10)}"}`);
    const withBody = Buffer.concat([head(small, body.length), body]);
    const read = await eventually(async () => {
      const again = await rawRequest(server.genvoy.port, withBody, { timeoutMs: 5000 });
      return again?.status === 503 ? undefined : again;
    });
    expect(read.status).toBe(403);
    expect(JSON.parse(read.body).error).toMatch(/^signature does not match/);
    for (const socket of second) socket.destroy();
  });
});
