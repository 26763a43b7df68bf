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

  it('pages through deliveries with the total, searches the index, filters by date, and refuses what it cannot take', async () => {
    const server = await startServer({ enforce_secret: secret, ui: { token } });
    try {
      const login = await fetch(`${server.url}/ui/login`, { method: 'POST', headers: { 'x-genvoy-ui': '1' }, body: JSON.stringify({ password: token }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const get = async (query: string) => {
        const res = await fetch(`${server.url}/ui/api/deliveries?${query}`, { headers: { cookie } });
        return { status: res.status, body: (await res.json()) as { deliveries: Array<{ id: string; seq: number; sender: string; title: string }>; total: number; next?: number; error?: string } };
      };
      const ids: string[] = [];
      for (const [i, login] of ['octocat', 'monalisa', 'octocat', 'hubot', 'octocat'].entries()) {
        const issue = example('issues', (p) => p.action === 'opened');
        (issue.sender as Record<string, unknown>).login = login;
        (issue.issue as Record<string, unknown>).title = `Fix the flux capacitor, part ${['zero', 'one', 'two', 'three', 'four'][i]}`;
        const id = `d5a1c9e0-0000-4000-8000-00000000001${i}`;
        expect((await server.post('issues', issue, { secret, delivery: id })).status).toBe(200);
        ids.push(id);
      }
      const newest = [...ids].reverse();

      const first = await get('limit=2');
      expect(first.body.total).toBe(5);
      expect(first.body.deliveries.map((d) => d.id)).toEqual(newest.slice(0, 2));
      expect(first.body.deliveries[0]).toMatchObject({ sender: 'octocat', title: 'Fix the flux capacitor, part four' });
      const second = await get(`limit=2&before=${first.body.next}`);
      expect(second.body.deliveries.map((d) => d.id)).toEqual(newest.slice(2, 4));
      const last = await get(`limit=2&before=${second.body.next}`);
      expect(last.body).toMatchObject({ total: 5 });
      expect(last.body.deliveries.map((d) => d.id)).toEqual(newest.slice(4));
      expect(last.body.next).toBeUndefined();

      // By sender, by words of a title (case aside, a word's start enough), by several words at once, by an id or its start, by an event's start.
      expect((await get('search=OCTOCAT')).body.deliveries.map((d) => d.id)).toEqual([ids[4], ids[2], ids[0]]);
      expect((await get(`search=${encodeURIComponent('CAPAC thr')}`)).body.deliveries.map((d) => d.id)).toEqual([ids[3]]);
      expect((await get('search=Hello-World octocat&limit=1')).body).toMatchObject({ total: 3, next: expect.any(Number) });
      expect((await get(`search=${ids[2]}`)).body.deliveries.map((d) => d.id)).toEqual([ids[2]]);
      expect((await get('search=issu')).body.total).toBe(5);
      expect((await get('search=d5a1c9e0-0000')).body.total).toBe(5);
      // FTS5's own syntax is text here: quotes and operators find nothing, and break nothing.
      expect((await get(`search=${encodeURIComponent('"octocat" AND NOT*')}`)).body).toMatchObject({ total: 0 });

      const received = server.journal().get(ids[2]!)!.received_at;
      expect((await get(`from=${received}&until=${received + 1}`)).body.deliveries.map((d) => d.id)).toContain(ids[2]);
      // Each edge excludes what lies beyond it.
      expect((await get(`until=${received}`)).body.deliveries.map((d) => d.id)).not.toContain(ids[2]);
      expect((await get(`from=${received + 1}`)).body.deliveries.map((d) => d.id)).not.toContain(ids[2]);
      expect((await get(`from=${Date.now() + 60_000}`)).body.total).toBe(0);

      expect(await get('search=octocat%20a')).toEqual({ status: 400, body: { error: 'search: "a" is too short: each word needs 2 characters or more' } });
      expect((await get('before=x')).status).toBe(400);
      expect((await get('limit=501')).status).toBe(400);
      expect((await get('from=-1')).status).toBe(400);
      const chart = await fetch(`${server.url}/ui/api/chart?offset=1000`, { headers: { cookie } });
      expect(chart.status).toBe(400);
      const replay = await fetch(`${server.url}/ui/api/deliveries/${ids[0]}/replay?hooks=some`, { method: 'POST', headers: { cookie, 'x-genvoy-ui': '1' } });
      expect(replay.status).toBe(400);
    } finally {
      await server.stop();
    }
  });

  it("starts the charts' days at the page's midnight", async () => {
    const server = await startServer({ enforce_secret: secret, ui: { token } });
    try {
      const login = await fetch(`${server.url}/ui/login`, { method: 'POST', headers: { 'x-genvoy-ui': '1' }, body: JSON.stringify({ password: token }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const starts = async (offset: number) => {
        const { series } = (await (await fetch(`${server.url}/ui/api/chart?offset=${offset}`, { headers: { cookie } })).json()) as { series: Array<{ start: number }> };
        return series.map((s) => s.start);
      };
      const [, utcDays] = await starts(0);
      const [, berlinDays] = await starts(60);
      expect(utcDays! % 86_400_000).toBe(0);
      expect((berlinDays! + 3_600_000) % 86_400_000).toBe(0);
      const [indiaHours] = await starts(330);
      expect((indiaHours! + 330 * 60_000) % 3_600_000).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
