import { describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { startServer } from '../support/server.ts';

const secret = 'webhook-secret';
const token = 'ui-token-0123456789';

describe("the web page's API, over HTTP", () => {
  it("answers a delivery's state and hooks without its payload, and the payload as it was received", async () => {
    const server = await startServer({ enforce_secret: secret, ui: { token } });
    try {
      const login = await fetch(`${server.url}/ui/login`, { method: 'POST', headers: { 'x-genvoy-ui': '1' }, body: JSON.stringify({ password: token }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const get = (path: string) => fetch(`${server.url}/ui/api/${path}`, { headers: { cookie } });
      const charted = async () => {
        const { series } = (await (await get('chart')).json()) as { series: Array<{ buckets: Array<Record<string, number>> }> };
        return series.map((s) => s.buckets.flatMap((counts) => Object.values(counts)).reduce((a, b) => a + b, 0));
      };
      expect(await charted()).toEqual([0, 0]);

      const payload = example('issues', (p) => p.action === 'opened');
      const id = 'd5a1c9e0-0000-4000-8000-000000000001';
      expect((await server.post('issues', payload, { secret, delivery: id })).status).toBe(200); // no hook: answered at once
      // Counted at once in both charts, though the first ask's counts are cached.
      expect(await charted()).toEqual([1, 1]);

      const detail = (await (await get(`deliveries/${id}`)).json()) as Record<string, unknown>;
      expect(detail.delivery).toMatchObject({ id, event: 'issues', state: 'done' });
      expect(detail.hooks).toEqual([]);
      expect(detail).not.toHaveProperty('payload');
      const raw = await get(`deliveries/${id}/payload`);
      expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await raw.text()).toBe(JSON.stringify(payload));
      expect((await get('deliveries/no-such-delivery/payload')).status).toBe(404);
      expect((await fetch(`${server.url}/ui/api/deliveries/${id}/payload`)).status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
