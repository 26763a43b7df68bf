import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { sign } from '../../src/pipeline/guard/sign-body.ts';
import { startServer, type TestServer } from '../support/server.ts';

const secret = 'body-test-secret-123456';
const echoHook = `export function handle(payload) { return payload.repository?.name ?? null; }`;

describe('request body', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ enforce_secret: secret }, { 'issues.ts': echoHook });
  });
  afterAll(() => server.stop());

  it('takes application/x-www-form-urlencoded with a payload field, signed over the form body', async () => {
    const payload = example('issues');
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const answer = await server.post('issues', form, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(form, secret) } });
    expect(answer.status).toBe(200);
    expect(answer.body.issues.stdout).toBe(JSON.stringify((payload.repository as { name: string }).name));
  });

  it('answers 400 with a clear message for a body that is not JSON', async () => {
    const answer = await server.post('issues', '{"broken": ', { secret });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^payload is not valid JSON/);
  });

  it('answers 400 when X-GitHub-Event is missing or is not an event name', async () => {
    const missing = await server.post('issues', '{}', { secret, headers: { 'x-github-event': '' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('X-GitHub-Event header missing');
    expect((await server.post('../../etc', '{}', { secret })).status).toBe(400);
  });

  it('answers 415 for another content type', async () => {
    const answer = await server.post('issues', '{}', { secret, headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(415);
  });

  it('answers 413 to a body over 25 MB, declared or streamed, and keeps serving', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x20);
    expect((await server.post('issues', big, { secret })).status).toBe(413);

    // Chunked, so no Content-Length announces it: refused as the bytes arrive (its signature is never checked).
    const headers = { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-hub-signature-256': sign('', secret) };
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/', server.url), { method: 'POST', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const write = () => {
        while (sent < 27) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
    expect((await server.post('issues', example('issues'), { secret })).status).toBe(200);
  });
});
