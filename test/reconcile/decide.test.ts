import { describe, expect, it } from 'vitest';
import { decide, type KnownDeliveries } from '../../src/ops/reconcile/decide.ts';
import { attempt } from '../support/github-deliveries.ts';

const journal = (...guids: string[]): KnownDeliveries => new Set(guids);

describe('decide', () => {
  it('redelivers a delivery none of whose attempts succeeded, through its latest attempt, once', () => {
    const verdicts = decide([attempt(3, 'g1', 10, 502, { redelivery: true }), attempt(2, 'g1', 20, 0, { redelivery: true }), attempt(1, 'g1', 30, 500)], journal('g1'), 5);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ guid: 'g1', outcome: 'redeliver', reason: 'failed on GitHub', attempts: 3, latest: { id: 3 } });
  });

  it('leaves alone a delivery that succeeded and is in the journal, even when a later attempt failed', () => {
    expect(decide([attempt(1, 'g1', 30, 200)], journal('g1'), 5)).toMatchObject([{ outcome: 'done' }]);
    expect(decide([attempt(2, 'g1', 10, 502, { redelivery: true }), attempt(1, 'g1', 30, 202)], journal('g1'), 5)).toMatchObject([{ outcome: 'done' }]);
    expect(decide([attempt(2, 'g1', 10, 200, { redelivery: true }), attempt(1, 'g1', 30, 504)], journal('g1'), 5)).toMatchObject([{ outcome: 'done' }]);
  });

  it('redelivers a delivery that never reached the journal, even when GitHub got a 2xx', () => {
    expect(decide([attempt(1, 'g1', 30, 200)], journal(), 5)).toMatchObject([{ outcome: 'redeliver', reason: 'not in the journal' }]);
    expect(decide([attempt(1, 'g1', 30, 502)], journal('other'), 5)).toMatchObject([{ outcome: 'redeliver', reason: 'failed on GitHub, not in the journal' }]);
  });

  it('takes the latest attempt by time, and by id within the same second', () => {
    // Listed out of order on purpose: the latest is found, not assumed to come first.
    const sameSecond = '2026-11-29T10:00:00Z';
    const [verdict] = decide([attempt(7, 'g1', 0, 500, { delivered_at: sameSecond }), attempt(9, 'g1', 0, 500, { delivered_at: sameSecond }), attempt(8, 'g1', 0, 500, { delivered_at: '2026-11-29T09:00:00Z' })], journal(), 5);
    expect(verdict!.latest.id).toBe(9);
    const [byTime] = decide([attempt(4, 'g2', 60, 500), attempt(3, 'g2', 5, 500)], journal(), 5);
    expect(byTime!.latest.id).toBe(3);
  });

  it('gives up on a delivery GitHub has already attempted max_attempts times', () => {
    const tried = [attempt(3, 'g1', 10, 403), attempt(2, 'g1', 20, 403), attempt(1, 'g1', 30, 403)];
    expect(decide(tried, journal(), 3)).toMatchObject([{ outcome: 'give up', reason: 'failed on GitHub, not in the journal' }]);
    expect(decide(tried, journal(), 4)).toMatchObject([{ outcome: 'redeliver' }]);
    expect(decide([attempt(3, 'g1', 10, 200), attempt(2, 'g1', 20, 200), attempt(1, 'g1', 30, 200)], journal('g1'), 3)).toMatchObject([{ outcome: 'done' }]);
  });

  it('answers newest delivery first, one verdict per GUID', () => {
    const verdicts = decide([attempt(5, 'b', 5, 500, { redelivery: true }), attempt(4, 'c', 8, 200), attempt(2, 'b', 20, 500), attempt(1, 'a', 30, 200)], journal('a', 'c'), 5);
    expect(verdicts.map((v) => [v.guid, v.outcome])).toEqual([
      ['b', 'redeliver'],
      ['c', 'done'],
      ['a', 'done'],
    ]);
  });
});
