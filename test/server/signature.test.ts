import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { sign } from '../../src/pipeline/guard/sign-body.ts';
import { startServer, type TestServer } from '../support/server.ts';

const secret = 'first-secret-0123456789';
const rotated = 'second-secret-9876543210';

/** Each run appends one line to `runs` beside the hooks folder. */
const countingHook = `import { appendFileSync } from 'node:fs';
export function handle() { appendFileSync(import.meta.dirname + '/../runs', 'x\\n'); return 'ran'; }`;

describe('signature over HTTP', () => {
  let server: TestServer;
  const runs = () => readFileSync(join(server.dir, 'runs'), 'utf8').split('\n').filter(Boolean).length;
  const body = JSON.stringify(example('issues'));

  beforeAll(async () => {
    server = await startServer({ enforce_secret: [secret, rotated] }, { 'issues.ts': countingHook });
  });
  afterAll(() => server.stop());

  it('runs hooks for a delivery signed with either configured secret', async () => {
    expect((await server.post('issues', body, { secret })).body.issues.stdout).toBe('"ran"');
    expect((await server.post('issues', body, { secret: rotated })).status).toBe(200);
    expect(runs()).toBe(2);
  });

  it('refuses a missing, wrong or tampered signature with 403 and runs nothing', async () => {
    const before = runs();
    const missing = await server.post('issues', body);
    const wrong = await server.post('issues', body, { secret: 'not-the-secret' });
    const tampered = await server.post('issues', `${body} `, { headers: { 'x-hub-signature-256': sign(body, secret) } });
    expect([missing.status, wrong.status, tampered.status]).toEqual([403, 403, 403]);
    expect(missing.body.error).toMatch(/signature missing/);
    expect(wrong.body.error).toMatch(/does not match/);
    expect(runs()).toBe(before);
    const rejected = server.logs().filter((l) => l.msg === 'delivery rejected');
    expect(rejected.map((l) => l.status)).toEqual([403, 403, 403]);
    expect(JSON.stringify(server.logs())).not.toContain(secret);
  });

  it('refuses a right signature with one hex digit added, which Buffer.from(hex) would have cut off', async () => {
    const before = runs();
    const longer = await server.post('issues', body, { headers: { 'x-hub-signature-256': `${sign(body, secret)}0` } });
    expect(longer.status).toBe(403);
    expect(longer.body.error).toMatch(/signature malformed: expected "sha256=" and 64 hex digits/);
    expect(runs()).toBe(before);
  });

  it('checks the legacy sha1 header when it is the only one', async () => {
    const ok = await server.post('issues', body, { headers: { 'x-hub-signature-256': '', 'x-hub-signature': sign(body, secret, 'sha1') } });
    expect(ok.status).toBe(200);
    const bad = await server.post('issues', body, { headers: { 'x-hub-signature-256': '', 'x-hub-signature': sign(body, 'nope', 'sha1') } });
    expect(bad.status).toBe(403);
  });
});
