import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often a full collection runs while shared memory is out. */
const COLLECT_EVERY_MS = 2000;

let out = 0;
let timer: NodeJS.Timeout | undefined;
let collect: (() => void) | undefined;
const returned = new FinalizationRegistry<number>((bytes) => void (out -= bytes));

/**
 * A buffer in memory that threads share (a large body, read by the parse and hook threads
 * where it is). V8 counts none of it toward its heap's growth, so nothing would collect it
 * after a burst of large deliveries, and it would stay taken: while any is out, a full
 * collection runs every COLLECT_EVERY_MS until all of it has been returned.
 */
export function sharedBuffer(size: number): Buffer {
  const memory = new SharedArrayBuffer(size);
  out += size;
  returned.register(memory, size);
  collectSoon();
  return Buffer.from(memory);
}

function collectSoon(): void {
  if (timer !== undefined) return;
  timer = setTimeout(() => {
    timer = undefined;
    if (out === 0) return;
    fullCollection();
    collectSoon();
  }, COLLECT_EVERY_MS).unref();
}

/** V8's gc(), made available at the first need (node runs without --expose-gc). */
function fullCollection(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
