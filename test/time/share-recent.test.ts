import { describe, expect, it } from 'vitest';
import { shareRecent } from '../../src/base/share-recent.ts';

/** A run that counts its starts and answers only when let go. */
function gatedRun() {
  let starts = 0;
  const gates: Array<(value: number) => void> = [];
  const run = () => {
    starts++;
    return new Promise<number>((resolve) => gates.push(resolve));
  };
  return { run, starts: () => starts, finish: (value: number) => gates.shift()!(value) };
}

describe('shareRecent', () => {
  it('shares the run in flight among concurrent calls, then its result while it is recent', async () => {
    const { run, starts, finish } = gatedRun();
    const shared = shareRecent(run, 60_000);
    const calls = [shared(), shared(), shared()];
    expect(starts()).toBe(1);
    finish(7);
    expect(await Promise.all(calls)).toEqual([7, 7, 7]);
    expect(await shared()).toBe(7);
    expect(starts()).toBe(1);
  });

  it('runs again once the last run is over and old enough, never two at once', async () => {
    const { run, starts, finish } = gatedRun();
    const shared = shareRecent(run, 0);
    const first = shared();
    const meanwhile = shared(); // old enough, but still running: shared
    expect(starts()).toBe(1);
    finish(1);
    expect([await first, await meanwhile]).toEqual([1, 1]);
    const second = shared();
    expect(starts()).toBe(2);
    finish(2);
    expect(await second).toBe(2);
  });

  it('shares an error like a value', async () => {
    let starts = 0;
    const shared = shareRecent(() => Promise.reject(new Error(`failed ${++starts}`)), 60_000);
    await expect(shared()).rejects.toThrow('failed 1');
    await expect(shared()).rejects.toThrow('failed 1');
  });
});
