import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePush, MB, probeHealthz, rawPost } from '../../bench/hostile-load.ts';
import { percentile } from '../../bench/stats.ts';
import { startCli, type Running } from '../support/cli.ts';
import { writeHooks } from '../support/server.ts';

const secret = 'no-stalls-test-secret-0123456789';

/** Latencies sorted, and the one at percentile `q`. */
const at = (latencies: number[], q: number) => percentile([...latencies].sort((a, b) => a - b), q);

/**
 * The stall probe of issue 15 against a real `genvoy serve`: /healthz, asked every 20 ms on a
 * fresh connection from a thread of its own, while five signed 20 MB pushes are received, parsed,
 * journaled and run. Measured as a ratio to its latency idle, on the same machine at the same
 * time. Before large payloads left the thread that answers HTTP, each push stalled it for
 * seconds (a 95th percentile hundreds of times the idle median); now it stays a few times that.
 */
describe('no stalls while large payloads arrive', () => {
  let dir: string;
  let server: Running;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-stalls-'));
    await writeHooks(join(dir, 'hooks'), { 'push.ts': 'export function handle(payload) { return payload.commits.length; }\n' });
    const config = { http_host: '127.0.0.1', github_ips_only: false, allowed_ips: ['127.0.0.1/32'], enforce_secret: secret, hooks_path: 'hooks', journal_path: 'genvoy.db', debug_level: 'WARNING' };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    server = await startCli(['serve', '--config', join(dir, 'config.json'), '--port', '0']);
  });
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('answers /healthz within a small multiple of its idle latency while five 20 MB pushes are received and run', async () => {
    const pushes = Array.from({ length: 5 }, (_, i) => largePush(20 * MB, secret, `big-${i}`));
    // Warm: the hook loaded and its thread started, the parse thread too (a push over 256 KB).
    expect(await rawPost(server.url, largePush(300_000, secret, 'warm-up'), 30_000)).toBe(200);
    const idleProbe = probeHealthz(server.url, 20);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle = await idleProbe.stop();

    const loadedProbe = probeHealthz(server.url, 20);
    const answers = await Promise.all(pushes.map((push) => rawPost(server.url, push, 60_000)));
    const loaded = await loadedProbe.stop();

    // 200 with the hook's result, or 202 once answer_deadline_s has passed (one hook thread runs the five in turn).
    for (const answer of answers) expect([200, 202]).toContain(answer);
    const ratio = at(loaded, 95) / at(idle, 50);
    process.stdout.write(`/healthz idle p50 ${at(idle, 50).toFixed(1)} ms; under load p50 ${at(loaded, 50).toFixed(1)}, p95 ${at(loaded, 95).toFixed(1)}, max ${Math.max(...loaded).toFixed(0)} ms (${loaded.length} probes); p95 / idle p50 = ${ratio.toFixed(1)}\n`);
    expect(loaded.length).toBeGreaterThan(20);
    expect(ratio).toBeLessThan(100);
  }, 60_000);
});
