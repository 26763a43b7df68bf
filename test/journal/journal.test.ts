import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/base/config-error.ts';
import { Journal } from '../../src/intake/journal/journal.ts';
import type { Decide } from '../../src/intake/journal/journal-types.ts';
import { recordedHeaders } from '../../src/intake/journal/recorded-headers.ts';
import type { Delivery } from '../../src/pipeline/parse/delivery.ts';
import type { HookResult } from '../../src/pipeline/answer/hook-result.ts';
import { testDelivery } from '../support/delivery.ts';

const delivery = (id: string, payload: object = { action: 'opened' }): Delivery => testDelivery(id, { payload: payload as Record<string, unknown> });
const steps = [
  { hook: 'issues', parent: 'issues' },
  { hook: 'all', parent: 'all' },
];
const result = (status: HookResult['status']): HookResult => ({ returncode: status === 'ok' ? 0 : 1, stdout: '', stderr: status, status, duration_ms: 1 });
const ok: Decide = () => ({ state: 'ok', nextAt: null });
const retryAt =
  (at: number): Decide =>
  () => ({ state: 'retry', nextAt: at });

describe('the journal', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'genvoy-journal-'));
    dirs.push(dir);
    return { journal: new Journal(join(dir, 'sub', 'genvoy.db')), file: join(dir, 'sub', 'genvoy.db') };
  };

  it('keeps the role it was first opened in, and refuses the other one with a ConfigError; a reader or an opener without a role is not checked', async () => {
    const { journal, file } = open();
    journal.close(); // a journal written before roles existed: the first role claims it
    new Journal(file, { role: 'relay' }).close();
    new Journal(file, { role: 'relay' }).close();
    expect(() => new Journal(file, { role: 'serve' })).toThrow(new ConfigError(`journal_path ${file} is the journal of a genvoy relay; genvoy serve cannot share it (each would take the other's deliveries): give each its own journal_path`));
    new Journal(file).close();
    new Journal(file, { readOnly: true }).close();
    expect(() => new Journal(file, { role: 'serve' })).toThrow(ConfigError); // still the relay's
  });

  it('opens read-only beside a writer: reads what it commits, writes nothing, creates no file', async () => {
    const { journal, file } = open();
    await journal.accept(delivery('a'), {}, steps, 1000);
    const reader = new Journal(file, { readOnly: true });
    expect(reader.list().map((d) => d.id)).toEqual(['a']);
    await journal.accept(delivery('b'), {}, steps, 2000);
    expect(reader.list().map((d) => d.id)).toEqual(['b', 'a']);
    expect(() => reader.again('a')).toThrow(/readonly|read-only|query_only/i);
    expect(journal.hooks('a').map((h) => h.state)).toEqual(['pending', 'pending']);
    reader.close();
    journal.close();
    expect(() => new Journal(`${file}-missing`, { readOnly: true })).toThrow(/no journal at/);
    expect(existsSync(`${file}-missing`)).toBe(false);
  });

  it('records a delivery once, with its hooks pending in route order, and survives a reopen', async () => {
    const { journal, file } = open();
    expect(await journal.accept(delivery('a'), { 'x-github-event': 'issues' }, steps, 1000)).toEqual({ kind: 'new' });
    expect(await journal.accept(delivery('a'), {}, steps)).toEqual({ kind: 'known', state: 'pending' });
    journal.close();
    const again = new Journal(file);
    expect(again.get('a')).toMatchObject({ id: 'a', event: 'issues', action: 'opened', repository: 'website', received_at: 1000, state: 'pending', headers: { 'x-github-event': 'issues' } });
    expect(again.hooks('a').map((h) => [h.hook, h.state])).toEqual([['issues', 'pending'], ['all', 'pending']]);
    expect(again.unfinished()).toEqual([{ id: 'a', steps }]);
    expect(again.delivery('a')).toMatchObject({ id: 'a', payload: { action: 'opened' } });
    again.close();
  });

  it('settles a delivery: done when every hook succeeded, dead when one ran out of attempts', async () => {
    const { journal } = open();
    await journal.accept(delivery('a'), {}, steps);
    await journal.record('a', 'issues', result('ok'), ok);
    expect(journal.get('a')!.state).toBe('pending');
    await journal.record('a', 'all', result('ok'), ok);
    expect(journal.get('a')).toMatchObject({ state: 'done' });
    expect(journal.get('a')!.finished_at).toBeTypeOf('number');

    await journal.accept(delivery('b'), {}, steps);
    await journal.record('b', 'issues', result('ok'), ok);
    await journal.record('b', 'all', result('failed'), () => ({ state: 'dead', nextAt: null }));
    expect(journal.get('b')!.state).toBe('dead');
    expect(journal.list({ state: 'dead' }).map((d) => d.id)).toEqual(['b']);
  });

  it('counts attempts and hands out due retries once, oldest delivery first', async () => {
    const { journal } = open();
    await journal.accept(delivery('a'), {}, steps);
    await journal.accept(delivery('b'), {}, steps);
    const seen: number[] = [];
    const count: Decide = (attempts) => (seen.push(attempts), { state: 'retry', nextAt: 5000 });
    await journal.record('b', 'all', result('failed'), count);
    await journal.record('a', 'all', result('failed'), count);
    await journal.record('a', 'all', result('failed'), count);
    expect(seen).toEqual([1, 1, 2]);
    expect(journal.nextDue()).toBe(5000);
    expect(journal.takeDue(4999)).toEqual([]);
    expect(journal.takeDue(5000)).toEqual([
      { id: 'a', steps: [{ hook: 'all', parent: 'all' }] },
      { id: 'b', steps: [{ hook: 'all', parent: 'all' }] },
    ]);
    expect(journal.takeDue(6000)).toEqual([]);
    expect(journal.nextDue()).toBeUndefined();
  });

  it('sets only the hooks that did not succeed back to pending for a redelivery', async () => {
    const { journal } = open();
    await journal.accept(delivery('a'), {}, steps);
    await journal.record('a', 'issues', result('ok'), ok);
    await journal.record('a', 'all', result('failed'), retryAt(Date.now() + 60_000));
    expect(journal.again('a')).toEqual([{ hook: 'all', parent: 'all' }]);
    expect(journal.nextDue()).toBeUndefined();
  });

  it('starts a replay over with a fresh route', async () => {
    const { journal } = open();
    await journal.accept(delivery('a'), {}, steps);
    await journal.record('a', 'issues', result('ok'), ok);
    await journal.record('a', 'all', result('ok'), ok);
    journal.restart('a', [{ hook: 'issues-website', parent: 'issues-website' }]);
    expect(journal.get('a')!.state).toBe('pending');
    expect(journal.hooks('a')).toEqual([{ hook: 'issues-website', parent: 'issues-website', state: 'pending', attempts: 0, next_at: null, result: null }]);
  });

  it('records a delivery with no hooks as done, and prunes only finished deliveries past retention', async () => {
    const { journal } = open();
    await journal.accept(delivery('old-done'), {}, [], 1000);
    await journal.accept(delivery('old-pending'), {}, steps, 1000);
    await journal.accept(delivery('new'), {}, [], 9000);
    expect(journal.get('old-done')!.state).toBe('done');
    expect(journal.prune(5000)).toBe(1);
    expect(['old-done', 'old-pending', 'new'].map((id) => journal.has(id))).toEqual([false, true, true]);
  });

  it('commits the writes of one burst together, and a write that fails rejects alone', async () => {
    const { journal, file } = open();
    // Its delivery row is written, then its hooks fail: the savepoint takes the row back.
    const broken = { ...delivery('broken'), action: 'opened' };
    const badSteps = [{ hook: 'same', parent: 'same' }, { hook: 'same', parent: 'same' }];
    const results = await Promise.allSettled([journal.accept(delivery('x1'), {}, steps), journal.accept(broken, {}, badSteps), journal.accept(delivery('x2'), {}, steps)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    journal.close();
    const reopened = new Journal(file);
    expect(['x1', 'broken', 'x2'].map((id) => reopened.has(id))).toEqual([true, false, true]);
    expect(reopened.list().map((d) => d.id)).toEqual(['x2', 'x1']); // arrival order kept
    reopened.close();
  });

  it('keeps GitHub headers and drops signatures, cookies and authorization', () => {
    expect(
      recordedHeaders({
        'x-github-event': 'push',
        'x-github-delivery': 'd',
        'x-hub-signature-256': 'sha256=abc',
        authorization: 'Bearer secret',
        cookie: 'a=b',
        'user-agent': 'GitHub-Hookshot/1',
        'content-type': 'application/json',
      }),
    ).toEqual({ 'x-github-event': 'push', 'x-github-delivery': 'd', 'user-agent': 'GitHub-Hookshot/1', 'content-type': 'application/json' });
  });
});
