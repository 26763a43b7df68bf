import { afterEach, describe, expect, it } from 'vitest';
import { webhookOrigin, scrub } from '../../src/libs/notify/webhook-origin.ts';
import { retryAfter } from '../../src/base/retry-after.ts';
import { postJson } from '../../src/libs/notify/send.ts';
import { standIn, type StandIn } from '../support/stand-in.ts';

describe('sending', () => {
  let server: StandIn | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const delays: number[] = [];
  const sleep = async (ms: number) => void delays.push(ms);

  it('retries a 429 after the Retry-After the target asks for, and a 5xx with backoff', async () => {
    const answers = [{ status: 429, headers: { 'retry-after': '7' } }, { status: 503 }, { status: 202 }];
    server = await standIn(() => answers.shift() ?? { status: 500 });
    delays.length = 0;
    const result = await postJson(`${server.url}/workflows/abc?sig=s3cret`, '{"a":1}', { timeoutMs: 5000, retries: 3, sleep });
    expect(result).toEqual({ ok: true, attempts: 3, status: 202 });
    expect(delays[0]).toBe(7000);
    expect(delays[1]).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('gives up after its retries, with the last answer as the reason and without the URL', async () => {
    server = await standIn((req) => ({ status: 500, body: { error: `broken at ${req.url}` } }));
    const url = `${server.url}/workflows/abc?sig=s3cret`;
    const result = await postJson(url, '{}', { timeoutMs: 5000, retries: 2, sleep });
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(3);
    expect(result.reason).toBe('HTTP 500: {"error":"broken at /…"} after 3 attempts');
    expect(result.reason).not.toContain('s3cret');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry other 4xx answers', async () => {
    server = await standIn(() => ({ status: 400, body: 'invalid_payload' }));
    const result = await postJson(server.url, '{}', { timeoutMs: 5000, retries: 3, sleep });
    expect(result).toMatchObject({ ok: false, attempts: 1, status: 400, reason: 'HTTP 400: "invalid_payload"' });
  });

  it('fails on a target that does not answer in time, and on one that cannot be reached', async () => {
    const silent = await import('node:http').then(({ createServer }) => createServer(() => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = await postJson(`http://127.0.0.1:${port}/x`, '{}', { timeoutMs: 100, retries: 0, sleep });
    expect(slow).toMatchObject({ ok: false, reason: 'no answer within 0.1 s after 1 attempt' });
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    const gone = await postJson(`http://127.0.0.1:${port}/x`, '{}', { timeoutMs: 1000, retries: 1, sleep });
    expect(gone.ok).toBe(false);
    expect(gone.reason).toMatch(/ECONNREFUSED.* after 2 attempts/);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfter('2')).toBe(2000);
    expect(retryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfter('soon')).toBeUndefined();
    expect(retryAfter(null)).toBeUndefined();
  });

  it('redacts webhook URLs to their scheme and host', () => {
    const url = 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cret';
    expect(webhookOrigin(url)).toBe('https://prod-12.westeurope.logic.azure.com/…');
    expect(scrub(`failed: ${url} and again /workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cret`, url)).toBe('failed: https://prod-12.westeurope.logic.azure.com/… and again /…');
  });
});
