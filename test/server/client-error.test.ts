import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/pipeline/guard/sign-body.ts';
import { example } from '../support/examples.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startServer, type TestServer } from '../support/server.ts';

const secret = 'client-error-secret-123';

/** What node:http refuses before genvoy's handler sees a request still gets a JSON reason and a log line. */
describe('requests node:http refuses', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ enforce_secret: secret });
  });
  afterAll(() => server.stop());

  const send = (text: string) => rawRequest(server.genvoy.port, Buffer.from(text, 'latin1'), { timeoutMs: 10_000 });

  it('answers headers over 16 KB with 431 and a JSON reason', async () => {
    const answer = await send(`POST / HTTP/1.1\r\nhost: x\r\nx-github-event: push\r\nx-padding: ${'a'.repeat(20_000)}\r\ncontent-length: 2\r\n\r\n{}`);
    expect(answer?.status).toBe(431);
    expect(answer?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer!.body)).toEqual({ error: "request headers larger than 16 KB (node's limit)" });
  });

  it('answers malformed HTTP with 400 and what was wrong, logs it, and keeps serving', async () => {
    const answer = await send('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n');
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer!.body).error).toBe('malformed HTTP request: Parse Error: Invalid character in Content-Length');
    expect(server.logs()).toContainEqual(expect.objectContaining({ msg: 'delivery rejected', status: 400, client: '127.0.0.1' }));
    expect((await server.post('issues', example('issues'), { secret })).status).toBe(200);
  });

  it('says so when the sender stops mid-body', async () => {
    const answer = await rawRequest(server.genvoy.port, Buffer.from(`POST / HTTP/1.1\r\nhost: x\r\nx-github-event: push\r\nx-hub-signature-256: ${sign('', secret)}\r\ncontent-length: 100\r\n\r\n{"a":`), { then: 'end', timeoutMs: 10_000 });
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer!.body).error).toBe('connection closed before the request was complete');
  });
});
