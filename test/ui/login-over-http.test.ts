import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { overall, perClient } from '../../src/base/guess-throttle.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

const token = 'ui-token-0123456789';
const password = 'correct horse battery staple';

/** POST /ui/login as the page does, from `client` when the server trusts loopback as its proxy. */
function login(server: TestServer, fields: { user?: string; password: string }, client?: string): Promise<Response> {
  const headers: Record<string, string> = { 'x-genvoy-ui': '1' };
  if (client) headers['x-forwarded-for'] = client;
  return fetch(`${server.url}/ui/login`, { method: 'POST', headers, body: JSON.stringify(fields) });
}

async function session(server: TestServer, secret = token): Promise<string> {
  const res = await login(server, { password: secret });
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const apiStatus = async (server: TestServer, cookie: string) => (await fetch(`${server.url}/ui/api/deliveries`, { headers: { cookie } })).status;

describe('the web page login, over HTTP', () => {
  it(`makes a client wait after ${perClient} wrong logins, longer each time, and logs it without the password`, async () => {
    const server = await startServer({ ui: { token, password }, trusted_proxies: ['127.0.0.1/32'] });
    try {
      // The waits are 5 s, then 10 s: long enough that a slow machine never outlasts one between two requests.
      const guesser = '203.0.113.7';
      for (let i = 0; i < perClient; i++) expect((await login(server, { user: 'admin', password: `guess-${i}` }, guesser)).status).toBe(401);
      // Refused unchecked: even the right password, so that guessing on learns nothing.
      const refused = await login(server, { user: 'admin', password }, guesser);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1); // the wait left, rounded up: 5 s at most
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(5);
      expect(((await refused.json()) as { error: string }).error).toMatch(/too many wrong logins/);
      // Another address is not held up by this one.
      expect((await login(server, { user: 'admin', password: 'typo' }, '198.51.100.2')).status).toBe(401);

      // Once the wait is over, one more wrong login, and the next wait is twice as long.
      await eventually(async () => (await login(server, { user: 'admin', password: 'guess-again' }, guesser)).status === 401, 15_000);
      const again = await login(server, { user: 'admin', password }, guesser);
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1); // the wait left of 10 s (the log has it exactly)
      expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(10);

      const held = server.logs().filter((line) => line.msg === 'web page: too many wrong logins, refusing logins for a while');
      expect(held.map((line) => [line.client, line.wait_s])).toEqual([
        [guesser, 5],
        [guesser, 10],
      ]);
      const logs = JSON.stringify(server.logs());
      for (const secret of ['guess-0', 'guess-again', password]) expect(logs).not.toContain(secret);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it(`makes every address that guessed wait after ${overall} wrong logins from many, and lets one that did not log in`, async () => {
    const server = await startServer({ ui: { token }, trusted_proxies: ['127.0.0.1/32'] });
    try {
      for (let i = 0; i < overall; i++) expect((await login(server, { password: 'guess' }, `10.0.${i >> 8}.${i & 255}`)).status).toBe(401);
      const res = await login(server, { password: token }, '10.0.0.7');
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await login(server, { password: token }, '192.0.2.1')).status).toBe(204);
    } finally {
      await server.stop();
    }
  });

  it('logs whether the user name matched, never its text: a token pasted there stays out of the log', async () => {
    const server = await startServer({ ui: { token } });
    try {
      const pasted = 'ghp_pastedIntoTheUserField0123456789';
      expect((await login(server, { user: pasted, password: 'wrong' })).status).toBe(401);
      expect((await login(server, { user: pasted, password: token })).status).toBe(204);
      expect((await login(server, { user: 'admin', password: token })).status).toBe(204);
      const lines = server.logs().filter((line) => typeof line.msg === 'string' && line.msg.startsWith('web page:'));
      expect(lines.map((line) => [line.msg, line.user_matched])).toEqual([
        ['web page: wrong login', false],
        ['web page: logged in', false],
        ['web page: logged in', true],
      ]);
      expect(JSON.stringify(server.logs())).not.toContain(pasted);
    } finally {
      await server.stop();
    }
  });

  it('ends every login when the credentials change in config.json', async () => {
    const server = await startServer({ ui: { token } });
    try {
      const cookie = await session(server);
      expect(await apiStatus(server, cookie)).toBe(200);
      const config = JSON.parse(await readFile(server.configFile, 'utf8'));
      await writeFile(server.configFile, JSON.stringify({ ...config, ui: { token: 'the-new-ui-token-9876' } }));
      await eventually(async () => (await apiStatus(server, cookie)) === 401, 15_000);
      expect((await login(server, { password: token })).status).toBe(401);
      expect(await apiStatus(server, await session(server, 'the-new-ui-token-9876'))).toBe(200);
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('ends a login after ui.session_h', async () => {
    const server = await startServer({ ui: { token, session_h: 0.002 } }); // 7.2 s
    try {
      const res = await login(server, { password: token });
      expect(res.headers.get('set-cookie')).toMatch(/Max-Age=7;?/);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      expect(await apiStatus(server, cookie)).toBe(200);
      await eventually(async () => (await apiStatus(server, cookie)) === 401, 30_000);
    } finally {
      await server.stop();
    }
  }, 45_000);
});
