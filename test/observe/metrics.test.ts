import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { parsePrometheus, scrape, type Scrape } from '../support/prometheus.ts';
import { rawRequest } from '../support/raw-http.ts';
import { eventually, startServer, writeHooks, type TestServer } from '../support/server.ts';

const secret = 'metrics-test-secret';

/** How much each series moved between two scrapes. */
function movedBy(before: Scrape, after: Scrape) {
  return (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);
}

/** A hook that waits until the file `gate` beside the hooks folder exists. */
const gatedHook = `import { existsSync } from 'node:fs';
  export async function handle() {
    while (!existsSync(import.meta.dirname + '/../gate')) await new Promise((r) => setTimeout(r, 20));
    return 'through';
  }`;

describe('GET /metrics', () => {
  let server: TestServer;
  afterEach(() => server?.stop());

  it("counts a delivery, its hooks' runs and durations, its pass, and a wrong signature: each by exactly what was sent", async () => {
    server = await startServer({ enforce_secret: secret, retry_attempts: 1 }, {
      'issues.ts': 'export const handle = () => 1;',
      'issues+fails.ts': "export const handle = () => { throw new Error('fails'); };",
    });
    const before = await scrape(server.url);
    const answer = await server.post('issues', example('issues'), { secret });
    expect(answer.body['issues+fails']).toMatchObject({ status: 'failed' });
    expect((await server.post('issues', example('issues'), { secret: 'not-the-secret' })).status).toBe(403);
    // The pass is counted once its outcomes are journaled, just after the answer.
    const after = await eventually(async () => {
      const now = await scrape(server.url);
      return now.value('genvoy_delivery_passes_total') > before.value('genvoy_delivery_passes_total') && now;
    });
    const moved = movedBy(before, after);

    expect(moved('genvoy_deliveries_total')).toBe(1);
    expect(moved('genvoy_deliveries_total', { event: 'issues', outcome: 'queued' })).toBe(1);
    expect(moved('genvoy_rejections_total')).toBe(1);
    expect(moved('genvoy_rejections_total', { reason: 'signature' })).toBe(1);
    expect(moved('genvoy_hook_runs_total')).toBe(2);
    expect(moved('genvoy_hook_runs_total', { hook: 'issues', outcome: 'ok' })).toBe(1);
    expect(moved('genvoy_hook_runs_total', { hook: 'issues+fails', outcome: 'failed' })).toBe(1);
    expect(moved('genvoy_delivery_passes_total')).toBe(1);
    expect(moved('genvoy_delivery_passes_total', { event: 'issues', outcome: 'dead' })).toBe(1);
    for (const hook of ['issues', 'issues+fails']) {
      expect(after.value('genvoy_hook_duration_seconds_count', { hook })).toBe(after.value('genvoy_hook_runs_total', { hook }));
      expect(after.value('genvoy_hook_duration_seconds_bucket', { hook, le: '+Inf' })).toBe(1);
      expect(after.value('genvoy_hook_duration_seconds_sum', { hook })).toBeCloseTo(answer.body[hook].duration_ms / 1000, 6);
    }
    // No series carries the delivery id or the repository.
    const text = await (await fetch(new URL('/metrics', server.url))).text();
    expect(text).not.toContain(String((example('issues').repository as { full_name: string }).full_name));
  });

  it('describes every metric, and carries the process metrics', async () => {
    server = await startServer();
    const metrics = await scrape(server.url);
    const names = [...metrics.types.keys()].filter((name) => name.startsWith('genvoy_'));
    expect(names.sort()).toEqual([
      'genvoy_config_last_reload_successful',
      'genvoy_config_reloads_total',
      'genvoy_deliveries_total',
      'genvoy_delivery_passes_total',
      'genvoy_hook_duration_seconds',
      'genvoy_hook_module_loads_total',
      'genvoy_hook_runs_total',
      'genvoy_queue_depth',
      'genvoy_rejections_total',
    ]);
    for (const name of names) expect(metrics.help.get(name)).toMatch(/^[A-Z].{15,}/);
    expect(metrics.types.get('genvoy_hook_duration_seconds')).toBe('histogram');
    expect(metrics.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // Rejection reasons are there from the start, at 0.
    expect(metrics.samples.filter((s) => s.name === 'genvoy_rejections_total').map((s) => s.labels.reason)).toContain('journal_unavailable');
  });

  it('names what became of each delivery: recorded, running, ping, queued, and an unknown event as "other"; and the queue depth', async () => {
    server = await startServer({ dispatch: 'async' }, { 'push.ts': gatedHook });
    const openGate = () => writeFile(join(server.dir, 'gate'), '');
    const before = await scrape(server.url);
    expect(before.value('genvoy_queue_depth')).toBe(0);
    const push = example('push');
    let meanwhile: Scrape;
    try {
      expect((await server.post('push', push, { delivery: 'first' })).status).toBe(202);
      expect((await server.post('push', push, { delivery: 'second' })).status).toBe(202); // same repository: waits behind the first
      expect((await server.post('push', push, { delivery: 'first' })).body).toEqual({ status: 'running', delivery: 'first' });
      expect((await server.post('ping', example('ping'))).body).toEqual({ msg: 'pong' });
      expect((await server.post('star', example('star'))).body).toEqual({ status: 'nop' });
      expect((await server.post('no_such_event', { action: 'x' })).body).toEqual({ status: 'nop' });
      meanwhile = await scrape(server.url);
    } finally {
      await openGate(); // else the stop would wait for the hook
    }
    const moved = movedBy(before, meanwhile);
    expect(meanwhile.value('genvoy_queue_depth')).toBe(2);
    expect(moved('genvoy_deliveries_total', { event: 'push', outcome: 'queued' })).toBe(2);
    expect(moved('genvoy_deliveries_total', { event: 'push', outcome: 'running' })).toBe(1);
    expect(moved('genvoy_deliveries_total', { event: 'ping', outcome: 'ping' })).toBe(1);
    expect(moved('genvoy_deliveries_total', { event: 'star', outcome: 'recorded' })).toBe(1);
    expect(moved('genvoy_deliveries_total', { event: 'other', outcome: 'recorded' })).toBe(1);
    expect(moved('genvoy_deliveries_total')).toBe(6);

    const drained = await eventually(async () => {
      const now = await scrape(server.url);
      return now.value('genvoy_delivery_passes_total', { event: 'push', outcome: 'done' }) === 2 && now;
    });
    expect(drained.value('genvoy_queue_depth')).toBe(0);
    expect(drained.value('genvoy_hook_runs_total', { hook: 'push', outcome: 'ok' })).toBe(2);
    // A redelivery of one whose hooks all succeeded is answered from the record.
    expect((await server.post('push', push, { delivery: 'first' })).status).toBe(200);
    expect((await scrape(server.url)).value('genvoy_deliveries_total', { event: 'push', outcome: 'recorded' })).toBe(1);
  });

  it('counts hook module reloads, good and failed, and config reloads, good and failed', async () => {
    server = await startServer({}, { 'issues.ts': 'export const handle = () => 1;' });
    const start = await scrape(server.url);
    expect(start.value('genvoy_hook_module_loads_total', { kind: 'load', outcome: 'ok' })).toBe(1);
    const reloads = (s: Scrape, outcome: string) => s.value('genvoy_hook_module_loads_total', { kind: 'reload', outcome });

    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = () => 2;' });
    await eventually(async () => reloads(await scrape(server.url), 'ok') === 1);
    await writeHooks(server.hooksDir, { 'issues.ts': 'export const handle = ( => broken;' });
    const failed = await eventually(async () => {
      const now = await scrape(server.url);
      return reloads(now, 'failed') === 1 && now;
    });
    expect(reloads(failed, 'ok')).toBe(1);

    const config = JSON.parse(await readFile(server.configFile, 'utf8')) as Record<string, unknown>;
    await writeFile(server.configFile, '{ "http_port": ');
    const rejected = await eventually(async () => {
      const now = await scrape(server.url);
      return now.value('genvoy_config_reloads_total', { outcome: 'failed' }) === 1 && now;
    });
    expect(rejected.value('genvoy_config_last_reload_successful')).toBe(0);
    await writeFile(server.configFile, JSON.stringify({ ...config, debug_level: 'DEBUG' }));
    const good = await eventually(async () => {
      const now = await scrape(server.url);
      return now.value('genvoy_config_reloads_total', { outcome: 'ok' }) === 1 && now;
    });
    expect(good.value('genvoy_config_last_reload_successful')).toBe(1);
    expect(good.value('genvoy_config_reloads_total', { outcome: 'failed' })).toBe(1);
  });

  it('counts each rejection under its own reason', async () => {
    server = await startServer({ enforce_secret: secret });
    const cases: Array<[string, () => Promise<{ status: number }>]> = [
      ['signature', () => server.post('issues', example('issues'))],
      ['bad_headers', () => server.post('', example('issues'), { secret })],
      ['bad_payload', () => server.post('issues', '{"not": json', { secret })],
      ['unsupported_media', () => server.post('issues', 'a', { secret, headers: { 'content-type': 'text/plain' } })],
    ];
    for (const [reason, send] of cases) {
      const before = await scrape(server.url);
      expect((await send()).status).toBeGreaterThanOrEqual(400);
      const moved = movedBy(before, await scrape(server.url));
      expect({ reason, moved: moved('genvoy_rejections_total', { reason }), all: moved('genvoy_rejections_total') }).toEqual({ reason, moved: 1, all: 1 });
    }
  });

  it('counts a sender neither GitHub nor allowed under "source"', async () => {
    server = await startServer({ github_ips_only: true, allowed_ips: ['192.0.2.0/24'] });
    expect((await server.post('issues', example('issues'))).status).toBe(403);
    expect((await scrape(server.url)).value('genvoy_rejections_total', { reason: 'source' })).toBe(1);
  });

  it('counts requests node:http refuses by their reason', async () => {
    server = await startServer();
    const before = await scrape(server.url);
    const answer = await rawRequest(server.genvoy.port, Buffer.from('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n'), { timeoutMs: 10_000 });
    expect(answer?.status).toBe(400);
    const moved = movedBy(before, await scrape(server.url));
    expect(moved('genvoy_rejections_total', { reason: 'malformed_http' })).toBe(1);
    expect(moved('genvoy_rejections_total')).toBe(1);
  });

  it('asks for metrics_token when one is set; /healthz and /readyz stay open', async () => {
    server = await startServer({ metrics_token: 'the-metrics-token' });
    const get = (path: string, token?: string) => fetch(new URL(path, server.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const without = await get('/metrics');
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer');
    expect(await without.json()).toEqual({ error: 'Authorization: Bearer <metrics token> required' });
    expect(await (await get('/metrics', 'wrong')).json()).toEqual({ error: 'wrong token' });
    expect((await scrape(server.url, 'the-metrics-token')).value('genvoy_queue_depth')).toBe(0);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });
});

describe('genvoy serve with GENVOY_METRICS_TOKEN', () => {
  let running: Running | undefined;
  afterEach(async () => {
    if (running?.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await once(running.child, 'exit');
    }
  });

  it('takes the token from the environment over metrics_token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genvoy-metrics-'));
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, hooks_path: 'hooks', journal_path: 'genvoy.db', metrics_token: 'from-the-file-0123456789' }));
    await writeHooks(join(dir, 'hooks'), {});
    running = await startCli(['serve', '--config', configFile, '--port', '0'], { GENVOY_METRICS_TOKEN: 'from-the-environment' });
    const metrics = (token: string) => fetch(new URL('/metrics', running!.url), { headers: { authorization: `Bearer ${token}` } });
    expect((await metrics('from-the-file')).status).toBe(401);
    const answer = await metrics('from-the-environment');
    expect(answer.status).toBe(200);
    expect(parsePrometheus(await answer.text()).value('genvoy_queue_depth')).toBe(0);
    expect(running.output()).not.toContain('from-the-environment');
  });
});
