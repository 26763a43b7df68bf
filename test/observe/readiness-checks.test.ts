import { describe, expect, it } from 'vitest';
import { readiness } from '../../src/ops/observe/readiness.ts';

describe('readiness', () => {
  it('is ready when every check is ok, keeping each result as given', async () => {
    expect(await readiness({ a: () => ({ ok: true, detail: 'fine' }), b: async () => ({ ok: true, detail: 'also', warning: 'but' }) }, 1000)).toEqual({
      ready: true,
      checks: { a: { ok: true, detail: 'fine' }, b: { ok: true, detail: 'also', warning: 'but' } },
    });
  });

  it('is not ready when one check is not ok, throws, or never answers; the others still report', async () => {
    const result = await readiness(
      {
        fine: () => ({ ok: true, detail: 'fine' }),
        down: () => ({ ok: false, detail: 'down' }),
        throws: () => {
          throw new Error('broken');
        },
        hangs: () => new Promise(() => {}),
      },
      50,
    );
    expect(result).toEqual({
      ready: false,
      checks: {
        fine: { ok: true, detail: 'fine' },
        down: { ok: false, detail: 'down' },
        throws: { ok: false, detail: 'broken' },
        hangs: { ok: false, detail: 'hangs did not answer within 50 ms' },
      },
    });
  });
});
