import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/intake/slots.ts';
import { Turns } from '../../src/intake/turns.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Takes a slot for `lane` and notes when it is held. */
function taker(slots: Slots, log: string[]) {
  return (lane: string, name: string) => void slots.take(lane).then((held) => log.push(held ? `held ${name}` : `refused ${name}`));
}

describe('slots', () => {
  it('gives up to the limit at once, then to waiting lanes in turn, so that a busy lane does not go first', async () => {
    const log: string[] = [];
    const slots = new Slots(2);
    const take = taker(slots, log);
    take('a', 'a1');
    take('a', 'a2');
    take('a', 'a3');
    take('a', 'a4');
    take('b', 'b1');
    await tick();
    expect(log).toEqual(['held a1', 'held a2']);
    slots.give();
    await tick();
    expect(log.slice(2)).toEqual(['held a3']);
    slots.give();
    await tick();
    // b asked after a4, but a had its turn: b goes next.
    expect(log.slice(3)).toEqual(['held b1']);
    slots.give();
    await tick();
    expect(log.slice(4)).toEqual(['held a4']);
  });

  it('gives slots at once when the limit is raised, and refuses every waiter at a stop', async () => {
    const log: string[] = [];
    const slots = new Slots(1);
    const take = taker(slots, log);
    take('a', 'a1');
    take('b', 'b1');
    take('c', 'c1');
    await tick();
    expect(log).toEqual(['held a1']);
    slots.limit = 2;
    await tick();
    expect(log).toEqual(['held a1', 'held b1']);
    slots.stop();
    take('d', 'd1');
    await tick();
    expect(log.slice(2)).toEqual(['refused c1', 'refused d1']);
  });
});

describe('turns', () => {
  it('starts a turn once the one before it of its key has ended, and lets other keys go', async () => {
    const turns = new Turns();
    const first = turns.take('push\0octo/a');
    const second = turns.take('push\0octo/a');
    const other = turns.take('push\0octo/b');
    expect(first.before).toBeUndefined();
    expect(other.before).toBeUndefined();
    let started = false;
    void second.before!.then(() => (started = true));
    await tick();
    expect(started).toBe(false);
    first.end();
    first.end(); // a second end changes nothing
    await tick();
    expect(started).toBe(true);
    second.end();
    // Every turn ended: the key starts afresh.
    expect(turns.take('push\0octo/a').before).toBeUndefined();
  });
});
