import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { Dispatcher } from '../../src/intake/dispatcher.ts';
import { Journal } from '../../src/intake/journal/journal.ts';
import type { HookResult } from '../../src/pipeline/answer/hook-result.ts';
import type { Delivery } from '../../src/pipeline/parse/delivery.ts';
import type { RouteStep } from '../../src/pipeline/route/route.ts';
import { testDelivery } from '../support/delivery.ts';

const ok: HookResult = { returncode: 0, stdout: '', stderr: '', status: 'ok', duration_ms: 1 };
const steps: RouteStep[] = [
  { hook: 'push', parent: 'push' },
  { hook: 'all', parent: 'all' },
];
const delivery = (id: string): Delivery =>
  testDelivery(id, { event: 'push', action: undefined, lane: 'octo/website', payload: { repository: { full_name: 'octo/website' } }, json: Buffer.from('{}') });

describe('a hook is done once its result is committed', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const journalFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'genvoy-commit-'));
    dirs.push(dir);
    return join(dir, 'genvoy.db');
  };

  it("before the delivery's next hook, or the hook's run for the repository's next delivery, starts, and before the run is done", async () => {
    const file = journalFile();
    const journal = new Journal(file);
    // A second connection sees only what is committed, as a genvoy restarted after a kill would.
    const committed = new Journal(file, { readOnly: true });
    const seenAtStart: string[] = [];
    const dispatcher = new Dispatcher({
      journal,
      runHook: async (step, d) => {
        seenAtStart.push(`${d.id} ${step.hook}: ${['a', 'b'].flatMap((id) => committed.hooks(id).map((h) => `${id} ${h.hook} ${h.state}`)).join(', ')}`);
        return ok;
      },
      retry: () => ({ attempts: 1, firstMs: 1, maxMs: 1 }),
      parallel: 4,
      log: createLogger('ERROR'),
    });
    for (const id of ['a', 'b']) await journal.accept(delivery(id), {}, steps);
    const runs = ['a', 'b'].map((id) => dispatcher.submit(delivery(id), steps));
    expect(await runs[0]!.done).toBe(true);
    expect(committed.hooks('a').map((h) => h.state)).toEqual(['ok', 'ok']);
    expect(await runs[1]!.done).toBe(true);
    expect(committed.get('b')?.state).toBe('done');
    expect(seenAtStart).toEqual([
      'a push: a push pending, a all pending, b push pending, b all pending',
      'a all: a push ok, a all pending, b push pending, b all pending',
      'b push: a push ok, a all pending, b push pending, b all pending', // the same hook and repository: it waits for a's push, not for a's all
      'b all: a push ok, a all ok, b push ok, b all pending',
    ]);
    await dispatcher.stop(1000);
    committed.close();
    journal.close();
  });

  it('a result that cannot be journaled is not counted as done: the run is not complete, and the error says the hook runs again', async () => {
    const journal = new Journal(journalFile());
    await journal.accept(delivery('a'), {}, steps);
    const lines: string[] = [];
    const log = createLogger('ERROR', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    // The journal goes away while the first hook runs: its result, and the next one's, cannot be written.
    let open = true;
    const close = () => (open && journal.close(), (open = false));
    const dispatcher = new Dispatcher({ journal, runHook: async () => (close(), ok), retry: () => ({ attempts: 1, firstMs: 1, maxMs: 1 }), parallel: 1, log });
    const run = dispatcher.submit(delivery('a'), steps);
    expect(await run.done).toBe(false);
    expect(run.results).toEqual({});
    expect(lines.map((l) => JSON.parse(l) as { msg: string; hook: string }).map((l) => `${l.hook}: ${l.msg}`)).toEqual([
      'push: a hook outcome could not be journaled; the hook runs again at the next start',
      'all: a hook outcome could not be journaled; the hook runs again at the next start',
    ]);
    await dispatcher.stop(1000);
  });
});
