import { describe, expect, it } from 'vitest';
import { backoff } from '../../src/intake/backoff.ts';
import { Lanes } from '../../src/intake/lanes.ts';

/** A task that waits until released, noting when it starts and ends. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await released;
      log.push(`end ${name}`);
    },
    release,
  };
}
const fail = (err: unknown) => {
  throw err;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('lanes', () => {
  it('runs one lane in order, one task at a time, and other lanes beside it up to the limit', async () => {
    const log: string[] = [];
    const lanes = new Lanes(2, fail);
    const [a1, a2, b1, c1] = [gate(log, 'a1'), gate(log, 'a2'), gate(log, 'b1'), gate(log, 'c1')];
    lanes.push('a', a1.task);
    lanes.push('a', a2.task);
    lanes.push('b', b1.task);
    lanes.push('c', c1.task);
    await tick();
    expect(log).toEqual(['start a1', 'start b1']); // a2 waits for a1; c waits for a slot
    a1.release();
    await tick();
    // a gives its slot to c, which waited, before its own next task.
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start c1']);
    b1.release();
    await tick();
    expect(log.slice(4)).toEqual(['end b1', 'start a2']);
    a2.release();
    c1.release();
    await lanes.stop();
  });

  it('starts a waiting lane at once when the limit is raised', async () => {
    const log: string[] = [];
    const lanes = new Lanes(1, fail);
    const [a1, b1] = [gate(log, 'a1'), gate(log, 'b1')];
    lanes.push('a', a1.task);
    lanes.push('b', b1.task);
    await tick();
    expect(log).toEqual(['start a1']);
    lanes.limit = 2;
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    a1.release();
    b1.release();
    await lanes.stop();
  });

  it('starts nothing after stop() and waits for what runs', async () => {
    const log: string[] = [];
    const lanes = new Lanes(1, fail);
    const [a1, a2] = [gate(log, 'a1'), gate(log, 'a2')];
    lanes.push('a', a1.task);
    lanes.push('a', a2.task);
    await tick();
    const stopped = lanes.stop();
    a1.release();
    await stopped;
    expect(log).toEqual(['start a1', 'end a1']);
  });

  it('keeps a lane going when a task throws, and reports the error', async () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const lanes = new Lanes(1, (err) => errors.push(err));
    lanes.push('a', async () => {
      throw new Error('x');
    });
    lanes.push('a', async () => void log.push('second'));
    await tick();
    await tick();
    expect(log).toEqual(['second']);
    expect(errors).toEqual([new Error('x')]);
  });
});

describe('backoff', () => {
  it('doubles from the first wait and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, 10, 50))).toEqual([10, 20, 40, 50, 50]);
  });
});
