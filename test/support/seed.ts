import { prng, type Prng } from './prng.ts';

/**
 * The random generator of a test that picks a random moment, such as when to kill a process:
 * seeded by GENVOY_TEST_SEED when it is set, to replay a failed run's moment, else by a new
 * random seed. The test prints what it chose with `replay`, which names the seed.
 */
export function seeded(): Prng & { replay: string } {
  const given = process.env.GENVOY_TEST_SEED;
  if (given !== undefined && !/^\d+$/.test(given)) throw new Error(`GENVOY_TEST_SEED=${given}: expected a whole number, as a test printed it`);
  const seed = given !== undefined ? Number(given) : Math.floor(Math.random() * 2 ** 32);
  return { ...prng(seed), replay: `GENVOY_TEST_SEED=${seed} replays this choice` };
}
