import { afterEach, describe, expect, it } from 'vitest';
import { perClient } from '../../src/base/guess-throttle.ts';
import { readyz } from '../support/readiness.ts';
import { startServer, type TestServer } from '../support/server.ts';

const adminToken = 'admin-token-0123456789';
const metricsToken = 'metrics-token-0123456789';
const wrong = 'not-the-token-0123456789';

describe('bearer endpoints over HTTP: wrong tokens are throttled as the web page\'s logins', () => {
  let server: TestServer;
  afterEach(() => server?.stop());

  /** Requests as from `client`: loopback is a trusted proxy here, so X-Forwarded-For names the client. */
  const call = (method: 'GET' | 'POST', path: string, token: string, client: string) =>
    fetch(new URL(path, server.url), { method, headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });

  it('holds a client that guessed wrong too often, unchecked, on every bearer endpoint; another client and a client without a token are not held', async () => {
    server = await startServer({ admin_token: adminToken, metrics_token: metricsToken, trusted_proxies: ['127.0.0.1/32'] });
    const guesser = '198.51.100.7';
    const admin = '203.0.113.9';
    const replay = (token: string, client: string) => call('POST', '/deliveries/nope/replay', token, client);

    for (let i = 0; i < perClient; i++) {
      const answer = await replay(`${wrong}${i}`, guesser);
      expect({ i, status: answer.status, body: await answer.json() }).toEqual({ i, status: 401, body: { error: 'wrong token' } });
    }
    // Now even the right token is not checked for that client: 429, on the admin routes, /metrics and /readyz's details.
    const held = await replay(adminToken, guesser);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(await held.json()).toEqual({ error: expect.stringMatching(/^too many wrong tokens: try again in \d+ s$/) });
    expect((await call('GET', '/metrics', metricsToken, guesser)).status).toBe(429);
    const states = await readyz(server.url, metricsToken, { 'x-forwarded-for': guesser });
    expect(states.status).toBe(200);
    expect(states.body.checks.hooks).toEqual({ ok: true }); // no detail: the token was not checked

    // The admin, elsewhere, is not held for the guesser's tries; nor is a probe that sends no token.
    expect(await (await replay(adminToken, admin)).json()).toEqual({ error: 'no delivery nope in the journal' });
    expect((await call('GET', '/metrics', metricsToken, admin)).status).toBe(200);
    expect((await readyz(server.url, metricsToken, { 'x-forwarded-for': admin })).body.checks.hooks.detail).toMatch(/readable/);
    expect((await fetch(new URL('/metrics', server.url), { headers: { 'x-forwarded-for': guesser } })).status).toBe(401);

    const warned = server.logs().filter((line) => line.msg === 'too many wrong bearer tokens: refusing this client unchecked for a while');
    expect(warned).toEqual([expect.objectContaining({ client: guesser, path: '/deliveries/nope/replay', wait_s: 5 })]);
    expect(JSON.stringify(server.logs())).not.toContain(wrong);
  });

  it('counts wrong metrics tokens sent to /readyz, whose details would otherwise tell a right guess', async () => {
    server = await startServer({ metrics_token: metricsToken, trusted_proxies: ['127.0.0.1/32'] });
    const guesser = '2001:db8:1:2::7';
    for (let i = 0; i < perClient; i++) expect((await readyz(server.url, `${wrong}${i}`, { 'x-forwarded-for': guesser })).body.checks.hooks).toEqual({ ok: true });
    // Another address of the same /64 is the same client.
    expect((await readyz(server.url, metricsToken, { 'x-forwarded-for': '2001:db8:1:2::8' })).body.checks.hooks).toEqual({ ok: true });
    expect((await call('GET', '/metrics', metricsToken, '2001:db8:1:2::9')).status).toBe(429);
    expect((await call('GET', '/metrics', metricsToken, '2001:db8:1:3::7')).status).toBe(200);
  });
});
