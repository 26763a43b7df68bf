import { describe, expect, it } from 'vitest';
import { backoff } from '../../src/intake/backoff.ts';

describe('backoff', () => {
  it('doubles from the first wait and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, 10, 50))).toEqual([10, 20, 40, 50, 50]);
  });
});
