import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/base/config-error.ts';
import { validated } from '../../src/config/load-config.ts';
import { configSchema } from '../../src/config/schema.ts';
import { sign } from '../../src/pipeline/guard/sign-body.ts';
import { example } from '../support/examples.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startServer, type TestServer } from '../support/server.ts';

const secret = 'timeouts-test-secret-0123456789';

/** A delivery's request, signed, whose body the sender may trickle. */
function delivery(body: string): Buffer {
  return Buffer.from(
    `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-github-event: issues\r\nx-hub-signature-256: ${sign(body, secret)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

describe('timeouts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(
      { enforce_secret: secret, headers_timeout_s: 1, body_timeout_s: 1, keep_alive_s: 1 },
      // Runs longer than headers and body may take: the timeouts are for receiving, not for the hooks.
      { 'issues.ts': 'export async function handle() { await new Promise((r) => setTimeout(r, 2500)); return "slow"; }' },
    );
  });
  afterAll(() => server.stop());

  it('has defaults under GitHub’s 10 s for headers and body, and an idle keep-alive shorter than a proxy’s 60 s', () => {
    const defaults = configSchema.parse({});
    expect(defaults.headers_timeout_s).toBeLessThan(10);
    expect(defaults.body_timeout_s).toBeLessThan(10);
    expect(defaults.keep_alive_s).toBeLessThan(60);
  });

  it('refuses a budget that cannot take one 25 MB body, naming the key', () => {
    const refused = () => validated(configSchema, { body_budget_mb: 10 }, 'config.json');
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow('config.json: "body_budget_mb": expected 0 (sized for the machine) or 25 to 65536 MB: one delivery may have 25 MB');
    expect(() => validated(configSchema, { body_timeout_s: 0 }, 'config.json')).toThrow(ConfigError);
  });

  it('cuts 20 bodies sent at 100 bytes a second with 408, and logs each with its client and never the secret', async () => {
    const body = JSON.stringify({ ...example('issues'), padding: 'x'.repeat(1_000_000) });
    // Each sends its head at once, then its body a byte every 10 ms.
    const answers = await Promise.all(Array.from({ length: 20 }, () => rawRequest(server.genvoy.port, delivery(body), { trickleMs: 10, timeoutMs: 15_000 })));
    for (const answer of answers) {
      expect(answer?.status).toBe(408);
      expect(JSON.parse(answer!.body).error).toMatch(/^body not complete within 1 s \(\d+ of \d+ bytes arrived\)$/);
    }
    const cut = server.logs().filter((line) => line.msg === 'delivery rejected' && line.status === 408);
    expect(cut).toHaveLength(20);
    expect(cut[0]).toMatchObject({ client: '127.0.0.1', reason: expect.stringMatching(/^body not complete within 1 s/) });
    expect(JSON.stringify(server.logs())).not.toContain(secret);
  });

  it('cuts headers that do not arrive within headers_timeout_s with 408', async () => {
    // No blank line ends them, so the whole head trickles, a byte every 50 ms: 12 s of it.
    const head = Buffer.from(`POST / HTTP/1.1\r\nhost: x\r\nx-padding: ${'a'.repeat(200)}`);
    const slow = await rawRequest(server.genvoy.port, head, { trickleMs: 50, timeoutMs: 10_000 });
    expect(slow?.status).toBe(408);
    expect(JSON.parse(slow!.body).error).toBe('request not complete in time');
  });

  it('runs a hook longer than the headers and body may take, and answers with its result', async () => {
    const answer = await server.post('issues', example('issues'), { secret });
    expect(answer.status).toBe(200);
    expect(answer.body.issues.stdout).toBe('"slow"');
  });

  it('closes a keep-alive connection idle for keep_alive_s (node alone would wait 5 s)', async () => {
    const socket = connect(server.genvoy.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    await once(socket, 'data');
    const closed = await Promise.race([once(socket, 'close').then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 3000))]);
    socket.destroy();
    expect(closed).toBe(true);
  });
});

