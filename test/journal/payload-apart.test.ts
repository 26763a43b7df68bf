import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/intake/journal/journal.ts';
import type { Delivery } from '../../src/pipeline/parse/delivery.ts';
import { testDelivery } from '../support/delivery.ts';

const json = '{"action":"opened","zero":0}';
const delivery = (id: string): Delivery => testDelivery(id, { payload: JSON.parse(json) as Record<string, unknown>, json: Buffer.from(json) });
const steps = [{ hook: 'issues', parent: 'issues' }];
const ok = { returncode: 0, stdout: '', stderr: '', status: 'ok' as const, duration_ms: 1 };

describe('payloads kept apart from their deliveries', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), 'genvoy-payloads-'));
    dirs.push(dir);
    return join(dir, 'genvoy.db');
  };

  it("keeps a new delivery's payload out of its row, reads it back as received, and prunes it with the delivery", async () => {
    const path = file();
    const journal = new Journal(path);
    await journal.accept(delivery('a'), {}, steps, 1000);
    await journal.record('a', 'issues', ok, () => ({ state: 'ok', nextAt: null }));
    const raw = new Database(path);
    // The row a hook's outcome rewrites holds no payload.
    expect(raw.prepare(`SELECT payload FROM deliveries WHERE id = 'a'`).get()).toMatchObject({ payload: '' });
    expect(raw.prepare('SELECT json FROM payloads').all()).toMatchObject([{ json }]);
    expect(journal.payload('a')).toBe(json);
    expect(journal.delivery('a')).toMatchObject({ payload: { action: 'opened' }, json: Buffer.from(json) });
    expect(journal.prune(2000)).toBe(1);
    expect(raw.prepare('SELECT count(*) AS n FROM payloads').get()).toMatchObject({ n: 0 });
    raw.close();
    journal.close();
  });

  it('reads a delivery journaled before, with its payload in its row, and forgets it with its repository', async () => {
    const path = file();
    new Journal(path).close();
    const raw = new Database(path);
    raw
      .prepare(`INSERT INTO deliveries (id, event, repository, received_at, headers, payload, state) VALUES ('old', 'issues', 'website', 1000, '{}', ?, 'done')`)
      .run(json);
    raw.close();
    const journal = new Journal(path);
    expect(journal.payload('old')).toBe(json);
    expect(journal.delivery('old')).toMatchObject({ id: 'old', payload: { action: 'opened' } });
    await journal.accept(delivery('new'), {}, []);
    expect(journal.forget('website').removed.sort()).toEqual(['new', 'old']);
    expect(journal.payload('new')).toBeUndefined();
    journal.close();
  });
});
