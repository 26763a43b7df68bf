import { describe, expect, it } from 'vitest';
import { withDeadline, within } from '../../src/base/within.ts';

describe('within', () => {
  it('passes a value or an error through, and rejects past its time', async () => {
    expect(await within(Promise.resolve(3), 1000, 'x')).toBe(3);
    expect(await within(4, 1000, 'x')).toBe(4);
    await expect(within(Promise.reject(new Error('no')), 1000, 'x')).rejects.toThrow('no');
    await expect(within(new Promise(() => {}), 10, 'Redis')).rejects.toThrow('Redis did not answer within 10 ms');
  });
});

describe('withDeadline', () => {
  it("answers with late()'s value past its time, even with a time already spent", async () => {
    expect(await withDeadline(new Promise<boolean>(() => {}), 10, () => false)).toBe(false);
    expect(await withDeadline(new Promise<boolean>(() => {}), -5, () => false)).toBe(false);
    expect(await withDeadline(Promise.resolve(true), 1000, () => false)).toBe(true);
  });

  it('leaves no timer behind once the work answers', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    await withDeadline(Promise.resolve(1), 60_000, () => 0);
    await expect(withDeadline(Promise.reject(new Error('no')), 60_000, () => 0)).rejects.toThrow('no');
    expect(timers()).toBe(before);
  });
});
