import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { Dispatcher } from '../../src/intake/dispatcher.ts';
import { Journal } from '../../src/intake/journal/journal.ts';
import type { HookResult } from '../../src/pipeline/answer/hook-result.ts';
import type { Delivery } from '../../src/pipeline/parse/delivery.ts';
import type { RouteStep } from '../../src/pipeline/route/route.ts';
import { testDelivery } from '../support/delivery.ts';

const ok: HookResult = { returncode: 0, stdout: '', stderr: '', status: 'ok', duration_ms: 1 };
const delivery = (id: string, repo = 'website'): Delivery =>
  testDelivery(id, { event: 'push', action: undefined, repository: repo, lane: `octo/${repo}`, payload: { repository: { full_name: `octo/${repo}` } }, json: Buffer.from('{}') });
const step = (hook: string): RouteStep => ({ hook, parent: hook });

/**
 * A runHook whose runs wait until released by name ("d1 A"), noting when each starts and ends;
 * `free` hooks end at once.
 */
function gated(free: readonly string[] = []) {
  const log: string[] = [];
  const waiting = new Map<string, () => void>();
  const runHook = async (s: RouteStep, d: Delivery) => {
    const name = `${d.id} ${s.hook}`;
    log.push(`start ${name}`);
    if (!free.includes(s.hook)) await new Promise<void>((resolve) => waiting.set(name, resolve));
    log.push(`end ${name}`);
    return ok;
  };
  const release = async (name: string) => {
    await until(() => waiting.has(name));
    waiting.get(name)!();
    waiting.delete(name);
  };
  return { log, runHook, release, waiting };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}

describe('order per hook and repository', () => {
  const dirs: string[] = [];
  const opened: Array<{ dispatcher: Dispatcher; journal: Journal }> = [];
  afterEach(async () => {
    for (const { dispatcher, journal } of opened.splice(0)) {
      await dispatcher.stop(100);
      journal.close();
    }
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  function open(runHook: (s: RouteStep, d: Delivery) => Promise<HookResult>, ordered?: (hook: string) => boolean, retry = { attempts: 1, firstMs: 1, maxMs: 1 }) {
    const dir = mkdtempSync(join(tmpdir(), 'genvoy-order-'));
    dirs.push(dir);
    const journal = new Journal(join(dir, 'genvoy.db'));
    const dispatcher = new Dispatcher({ journal, runHook, ordered, retry: () => retry, parallel: 8, log: createLogger('ERROR') });
    opened.push({ dispatcher, journal });
    const submit = async (d: Delivery, steps: RouteStep[]) => {
      await journal.accept(d, {}, steps);
      return dispatcher.submit(d, steps);
    };
    return { journal, dispatcher, submit };
  }

  it("runs a failed hook's retry after its delivery's later hooks, never beside them", async () => {
    const log: string[] = [];
    let releaseB = () => {};
    const runHook = async (s: RouteStep): Promise<HookResult> => {
      log.push(`start ${s.hook}`);
      const first = s.hook === 'A' && log.filter((line) => line === 'start A').length === 1;
      if (s.hook === 'B') await new Promise<void>((resolve) => (releaseB = resolve));
      log.push(`end ${s.hook}`);
      return first ? { ...ok, status: 'failed', returncode: 1 } : ok;
    };
    const { submit } = open(runHook, undefined, { attempts: 2, firstMs: 1, maxMs: 1 });
    await submit(delivery('d1'), [step('A'), step('B')]);
    await until(() => log.includes('start B'));
    // A's retry falls due long before B ends.
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseB();
    await until(() => log.filter((line) => line === 'end A').length === 2);
    expect(log).toEqual(['start A', 'end A', 'start B', 'end B', 'start A', 'end A']);
  });

  it('a slow hook A of a repository does not hold back hook B of its next delivery', async () => {
    const { log, runHook, release } = gated(['B']);
    const { submit } = open(runHook);
    const first = await submit(delivery('d1'), [step('A')]);
    const second = await submit(delivery('d2'), [step('B')]);
    expect(await second.done).toBe(true); // while d1's A still runs
    expect(log).toEqual(['start d1 A', 'start d2 B', 'end d2 B']);
    await release('d1 A');
    expect(await first.done).toBe(true);
  });

  it("runs a hook for a repository's deliveries in the order they arrived, and a delivery's hooks in route order", async () => {
    const { log, runHook, release } = gated();
    const { submit } = open(runHook);
    const runs = [await submit(delivery('d1'), [step('A'), step('B')]), await submit(delivery('d2'), [step('A'), step('B')])];
    await release('d1 A');
    // d1 moves on to B, and d2's A, which waited for d1's, starts beside it.
    await until(() => log.includes('start d2 A') && log.includes('start d1 B'));
    await release('d2 A');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).not.toContain('start d2 B'); // B of d2 waits for B of d1
    await release('d1 B');
    await release('d2 B');
    expect(await Promise.all(runs.map((r) => r.done))).toEqual([true, true]);
    const order = (hook: string) => log.filter((l) => l.startsWith('start') && l.endsWith(hook));
    expect(order(' A')).toEqual(['start d1 A', 'start d2 A']);
    expect(order(' B')).toEqual(['start d1 B', 'start d2 B']);
    expect(log.indexOf('start d2 B')).toBeGreaterThan(log.indexOf('end d1 B'));
  });

  it('a hook that needs no order runs for the next delivery while it still runs for the one before', async () => {
    const { log, runHook, release } = gated();
    const { submit } = open(runHook, (hook) => hook !== 'A');
    const runs = [await submit(delivery('d1'), [step('A')]), await submit(delivery('d2'), [step('A')])];
    await until(() => log.includes('start d1 A') && log.includes('start d2 A'));
    await release('d2 A');
    await release('d1 A');
    expect(await Promise.all(runs.map((r) => r.done))).toEqual([true, true]);
  });
});

describe('a backlog waits in the journal', () => {
  it('hands a hook the payload as journaled when its delivery waited without it (past 16 MB of waiting payloads)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genvoy-backlog-'));
    const journal = new Journal(join(dir, 'genvoy.db'));
    const { runHook, release } = gated();
    const seen = new Map<string, Buffer>();
    const dispatcher = new Dispatcher({
      journal,
      runHook: async (s, d) => (seen.set(d.id, Buffer.from(d.json)), runHook(s, d)),
      retry: () => ({ attempts: 1, firstMs: 1, maxMs: 1 }),
      parallel: 8,
      log: createLogger('ERROR'),
    });
    // Three 7 MB payloads for one hook of one repository: the third waits without its bytes.
    const sent = ['p1', 'p2', 'p3'].map((id, i) => ({ id, json: Buffer.from(JSON.stringify({ n: i, fill: String(i).repeat(7_000_000) })) }));
    const runs = [];
    for (const { id, json } of sent) {
      const d = { ...delivery(id), json };
      await journal.accept(d, {}, [step('A')]);
      runs.push(dispatcher.submit(d, [step('A')]).done);
    }
    for (const { id } of sent) await release(`${id} A`);
    expect(await Promise.all(runs)).toEqual([true, true, true]);
    for (const { id, json } of sent) expect(seen.get(id)!.equals(json), id).toBe(true);
    await dispatcher.stop(100);
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
