import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/intake/dispatcher.ts';
import type { Journal } from '../../src/intake/journal/journal.ts';
import { createLogger } from '../../src/base/logger.ts';

describe('the retry timer', () => {
  it('waits for a retry due beyond the 24.8 days a Node timer can count, instead of firing at once', async () => {
    let looked = 0;
    const journal = {
      unfinished: () => [],
      nextDue: () => Date.now() + 40 * 86_400_000,
      takeDue: () => (looked++, []),
    } as unknown as Journal;
    const dispatcher = new Dispatcher({ journal, runHook: async () => ({ returncode: 0, stdout: '', stderr: '', status: 'ok', duration_ms: 0 }), retry: () => ({ attempts: 5, firstMs: 1, maxMs: 1 }), parallel: 1, log: createLogger('ERROR') });
    dispatcher.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await dispatcher.stop(0);
    expect(looked).toBe(0); // an overflowing timeout would have fired within a millisecond, and again and again
  });
});
