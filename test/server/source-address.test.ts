import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.ts';
import { standIn } from '../support/stand-in.ts';

const payload = { zen: 'hi', repository: { name: 'web' } };

describe('source address (github_ips_only)', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const meta = async (hooks: string[]) => {
    const s = await standIn(() => ({ body: { hooks, web: ['1.2.3.4/32'] }, headers: { etag: '"v1"' } }));
    closers.push(() => s.close());
    return s;
  };
  const server = async (config: Parameters<typeof startServer>[0]) => {
    const s = await startServer({ github_ips_only: true, ...config });
    closers.push(() => s.stop());
    return s;
  };

  it("admits GitHub's hook ranges, fetched from the meta document", async () => {
    const github = await meta(['127.0.0.0/8']);
    const s = await server({ github_meta_url: `${github.url}/meta` });
    expect((await s.post('issues', payload)).status).toBe(200);
    expect(github.requests).toHaveLength(1);
  });

  it('refuses a source outside GitHub ranges and allowed_ips with 403, and says why', async () => {
    const github = await meta(['192.30.252.0/22']);
    const s = await server({ github_meta_url: `${github.url}/meta` });
    const answer = await s.post('issues', payload);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/127\.0\.0\.1 is neither GitHub's nor in allowed_ips/);
  });

  it('admits allowed_ips', async () => {
    const github = await meta(['192.30.252.0/22']);
    const s = await server({ github_meta_url: `${github.url}/meta`, allowed_ips: ['127.0.0.1/32'] });
    expect((await s.post('issues', payload)).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const github = await meta(['192.30.252.0/22']);
    const forged = { headers: { 'x-forwarded-for': '192.30.252.1' } };
    const untrusting = await server({ github_meta_url: `${github.url}/meta` });
    expect((await untrusting.post('issues', payload, forged)).status).toBe(403);
    const behindProxy = await server({ github_meta_url: `${github.url}/meta`, trusted_proxies: ['127.0.0.1/32'] });
    expect((await behindProxy.post('issues', payload, forged)).status).toBe(200);
    // Through the trusted proxy, a client outside GitHub's ranges is still refused.
    expect((await behindProxy.post('issues', payload, { headers: { 'x-forwarded-for': '192.30.252.1, 203.0.113.7' } })).status).toBe(403);
    // A proxy in allowed_ips that forwards without naming the client does not pass its own address off.
    const allowedProxy = await server({ github_meta_url: `${github.url}/meta`, trusted_proxies: ['127.0.0.1/32'], allowed_ips: ['127.0.0.1/32'] });
    expect((await allowedProxy.post('issues', payload)).status).toBe(403);
  });

  it('falls back to the cached ranges when GitHub cannot be reached, else to the shipped ones, with a warning', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'genvoy-cache-'));
    const github = await meta(['127.0.0.0/8']);
    const first = await server({ github_meta_url: `${github.url}/meta`, cache_path: cache });
    expect((await first.post('issues', payload)).status).toBe(200);

    const cached = await server({ github_meta_url: 'http://127.0.0.1:9/meta', cache_path: cache });
    expect((await cached.post('issues', payload)).status).toBe(200);
    expect(cached.logs().some((l) => l.msg === 'GitHub meta unreachable; using the cached ranges')).toBe(true);

    const shipped = await server({ github_meta_url: 'http://127.0.0.1:9/meta', cache_path: join(cache, 'empty') });
    expect((await shipped.post('issues', payload)).status).toBe(403);
    expect(shipped.logs().some((l) => String(l.msg).includes('using the ranges shipped with genvoy'))).toBe(true);
  });

  it('does not look at the source when github_ips_only is off', async () => {
    const s = await server({ github_ips_only: false, github_meta_url: 'http://127.0.0.1:9/meta' });
    expect((await s.post('issues', payload)).status).toBe(200);
  });
});
