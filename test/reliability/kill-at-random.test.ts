import { describe, expect, it } from 'vitest';
import { killRounds, type KillRound } from '../support/kill-rounds.ts';
import { prng } from '../support/prng.ts';

// GENVOY_CRASH_SEED=<n> replays the rounds (deliveries, repositories, the trace line each kill
// waits for); the seed is printed and named in every failure.
const seed = Number(process.env.GENVOY_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));
const rounds = 8;
const parallel = 3;

describe(`kill -9 at random moments (GENVOY_CRASH_SEED=${seed})`, () => {
  it('runs again only the hooks running at the kill, at most one per lane; a 200 means its results were journaled; every 2xx runs to its end', async () => {
    process.stdout.write(`crash seed ${seed} (GENVOY_CRASH_SEED=${seed} replays it)\n`);
    const seen: KillRound[] = [];
    await killRounds({
      rounds,
      deliveries: 40,
      repositories: 5,
      parallel,
      rng: prng(seed),
      onRound: (round) => {
        const ended = round.reruns.filter((r) => r.ended).length;
        process.stdout.write(
          `seed ${seed}, kill ${round.round}/${rounds} at trace line ${round.killedAt} of ${round.lines} (aimed at ${round.aimedAt}): ` +
            `answers ${JSON.stringify(round.answered)}, ${round.reruns.length} hooks ran again (${ended} had ended)\n`,
        );
        expect(round.broken, `seed ${seed}, kill ${round.round}`).toEqual([]);
        expect(round.reruns.length, `seed ${seed}, kill ${round.round}: at most one hook per lane`).toBeLessThanOrEqual(parallel);
        seen.push(round);
      },
    });
    // The kills landed while hooks ran: some answers went out first, and some hooks were cut off.
    expect(seen.some((r) => (r.answered['200'] ?? 0) > 0), `seed ${seed}`).toBe(true);
    expect(seen.some((r) => r.reruns.length > 0), `seed ${seed}`).toBe(true);
  }, 180_000);
});
