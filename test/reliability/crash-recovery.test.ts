import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/intake/journal/journal.ts';
import { startCli, type Running } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { countingHook, runs } from '../support/runs.ts';
import { seeded } from '../support/seed.ts';
import { eventually, post, writeHooks } from '../support/server.ts';

/** A config and hooks for a real `genvoy serve`: async, journal in the folder, one slow push hook. */
async function setUp(extra: object = {}): Promise<{ dir: string; configFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-crash-'));
  await writeHooks(join(dir, 'hooks'), { 'push.ts': countingHook('await new Promise((r) => setTimeout(r, 20));') });
  const configFile = join(dir, 'config.json');
  const config = { http_host: '127.0.0.1', github_ips_only: false, hooks_path: 'hooks', journal_path: 'journal/genvoy.db', dispatch: 'async', ...extra };
  await writeFile(configFile, JSON.stringify(config));
  return { dir, configFile };
}

const serve = (configFile: string) => startCli(['serve', '--config', configFile, '--port', '0']);
const count = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

describe('crash recovery and graceful stop', () => {
  let dir = '';
  let running: Running | undefined;
  afterEach(async () => {
    running?.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('after kill -9 in the middle of a stream, a restart runs every acknowledged delivery', async () => {
    let configFile: string;
    ({ dir, configFile } = await setUp());
    running = await serve(configFile);
    const acknowledged: string[] = [];
    const random = seeded();
    const killAfter = random.int(10, 39); // a different moment each run, printed so that a failure can be replayed
    let moment = `kill -9 after delivery ${killAfter} of 50 (${random.replay})`;
    console.log(`crash recovery: ${moment}`);
    for (let i = 0; i < 50; i++) {
      if (i === killAfter) {
        running.child.kill('SIGKILL');
        await once(running.child, 'exit');
      }
      const id = `crash-${i}`;
      const answer = await post(running.url, 'push', example('push'), { delivery: id }).catch(() => undefined);
      if (answer?.status === 202) acknowledged.push(id);
    }
    expect(acknowledged, moment).toHaveLength(killAfter);
    const ranBeforeRestart = runs(dir).length;
    moment += `; ${ranBeforeRestart} hooks had run`;
    console.log(`crash recovery: ${moment}`);
    expect(ranBeforeRestart, moment).toBeLessThan(killAfter); // the kill really left work undone

    running = await serve(configFile);
    await eventually(() => acknowledged.every((id) => runs(dir).some(([ran]) => ran === id)), 15_000);
    expect(running.output()).toMatch(/resuming deliveries whose hooks had not all run/);
    // Only the last hooks before the kill may have run twice (kill-at-random.test.ts holds genvoy
    // to the exact promise: only the one running, its result not yet committed).
    const lastBeforeKill = runs(dir).slice(0, ranBeforeRestart).slice(-2).map(([id]) => id);
    const twice = [...count(runs(dir).map(([id]) => id))].filter(([, n]) => n > 1).map(([id]) => id);
    for (const id of twice) expect(lastBeforeKill, moment).toContain(id);
    // Arrival order holds across the restart.
    const firstRuns = [...new Set(runs(dir).map(([id]) => id))];
    expect(firstRuns, moment).toEqual(acknowledged);
  });

  it('SIGTERM lets the running hook finish, leaves the rest journaled, and the next start runs them once each', async () => {
    let configFile: string;
    ({ dir, configFile } = await setUp({ stop_grace_s: 5 }));
    running = await serve(configFile);
    const ids = Array.from({ length: 30 }, (_, i) => `term-${i}`);
    for (const id of ids) expect((await post(running.url, 'push', example('push'), { delivery: id })).status).toBe(202);
    running.child.kill('SIGTERM');
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(0);
    const ranBefore = runs(dir).length;
    expect(ranBefore).toBeGreaterThan(0);
    expect(ranBefore).toBeLessThan(ids.length);

    running = await serve(configFile);
    await eventually(() => runs(dir).length >= ids.length, 15_000);
    await new Promise((r) => setTimeout(r, 200)); // nothing more comes
    expect(runs(dir).map(([id]) => id)).toEqual(ids);
  });

  it('past stop_grace_s, SIGTERM leaves the hook it cut short pending, and the next start runs it', async () => {
    let configFile: string;
    ({ dir, configFile } = await setUp({ stop_grace_s: 0.2 }));
    await writeHooks(join(dir, 'hooks'), { 'push.ts': countingHook('await new Promise((r) => setTimeout(r, 1500));') });
    running = await serve(configFile);
    expect((await post(running.url, 'push', example('push'), { delivery: 'cut-short' })).status).toBe(202);
    await eventually(() => runs(dir).length === 1);
    running.child.kill('SIGTERM');
    expect((await once(running.child, 'exit'))[0]).toBe(0);
    const journal = new Journal(join(dir, 'journal', 'genvoy.db'));
    expect(journal.hooks('cut-short')).toMatchObject([{ hook: 'push', state: 'pending', attempts: 0 }]);
    journal.close();

    running = await serve(configFile);
    await eventually(async () => {
      const reopened = new Journal(join(dir, 'journal', 'genvoy.db'));
      const state = reopened.get('cut-short')?.state;
      reopened.close();
      return state === 'done';
    }, 10_000);
    expect(runs(dir)).toEqual([
      ['cut-short', 'push'],
      ['cut-short', 'push'],
    ]);
  });
});
