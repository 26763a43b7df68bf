import { describe, expect, it } from 'vitest';
import { GuessThrottle, overall, perClient } from '../../src/base/guess-throttle.ts';

const minute = 60_000;

describe('the login throttle', () => {
  it('lets a client fail a few times, then doubles its wait with each wrong login, up to 15 minutes', () => {
    const throttle = new GuessThrottle();
    for (let i = 1; i < perClient; i++) expect(throttle.failed('a', 0)).toBe(0);
    expect(throttle.waitMs('a', 0)).toBe(0);
    const waits = Array.from({ length: 12 }, (_, i) => throttle.failed('a', i));
    expect(waits.slice(0, 4)).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(waits.at(-1)).toBe(15 * minute);
    expect(throttle.waitMs('b', 11)).toBe(0);
  });

  it('starts a client over after a right login, or after a quiet window', () => {
    const throttle = new GuessThrottle();
    for (let i = 0; i < perClient; i++) throttle.failed('a', 0);
    expect(throttle.waitMs('a', 0)).toBe(5000);
    throttle.succeeded('a');
    expect(throttle.failed('a', 0)).toBe(0);
    for (let i = 1; i < perClient; i++) throttle.failed('a', 0);
    expect(throttle.failed('a', 15 * minute)).toBe(0); // the earlier ones are out of the window
  });

  it('holds every client that failed itself once all together failed too often, but never one that did not (the admin)', () => {
    const throttle = new GuessThrottle();
    for (let i = 0; i < overall - 1; i++) expect(throttle.failed(`client-${i}`, 0)).toBe(0);
    expect(throttle.failed('one more', 0)).toBe(5000);
    expect(throttle.waitMs('client-3', 0)).toBe(5000);
    expect(throttle.waitMs('never failed', 0)).toBe(0);
  });

  it('counts an IPv6 client by its /64, however it writes the address', () => {
    const throttle = new GuessThrottle();
    const sameNetwork = ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:0db8:0001:0002:0:0:0:7', '2001:db8:1:2:a:b:c:d', '2001:db8:1:2::5'];
    expect(sameNetwork.slice(0, perClient - 1).map((address) => throttle.failed(address, 0))).toEqual(Array(perClient - 1).fill(0));
    expect(throttle.failed(sameNetwork[perClient - 1]!, 0)).toBe(5000);
    expect(throttle.waitMs('2001:db8:1:2::beef', 0)).toBe(5000); // another address of the same /64
    throttle.failed('2001:db8:1:3::1', 0); // the next /64 is another client
    expect(throttle.waitMs('2001:db8:1:3::1', 0)).toBe(0);
  });
});
