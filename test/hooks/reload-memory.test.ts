import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('reloading one module a thousand times does not grow the heap', async () => {
  // A real process with --expose-gc, so the heap is measured after collection.
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/support/reload-many.ts', '1000'], { timeout: 120_000 });
  const { times, before, after } = JSON.parse(stdout) as { times: number; before: number; after: number };
  expect(times).toBe(1000);
  // An ESM import() per version keeps ~16 KB each (16 MB here); what is kept must stay far below that.
  expect(after - before).toBeLessThan(4 * 1024 * 1024);
}, 150_000);
