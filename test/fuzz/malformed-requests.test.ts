import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchPush } from '../support/examples.ts';
import { prng } from '../support/prng.ts';
import { rawRequest } from '../support/raw-http.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';
import { malformedRequests, oversizedChunked, trickled, validRequest, type FuzzCase } from './malformed-requests.ts';

const secret = 'fuzz-secret-0123456789';
// GENVOY_FUZZ_SEED=<n> replays a run; the seed is printed and named in every failure.
const seed = Number(process.env.GENVOY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const BATCHES = 4;
const PER_BATCH = 500;
const IN_FLIGHT = 16;
/** Far above what any of these needs on loopback: reaching it means the server hung. */
const TIMEOUT_MS = 15_000;

/** Each run of the push hook appends its delivery id to `ran` beside the hooks folder. */
const pushHook = `import { appendFileSync } from 'node:fs';
export function handle(payload, event, context) { appendFileSync(import.meta.dirname + '/../ran', context.delivery + '\\n'); return 'ran'; }`;

describe(`malformed requests (GENVOY_FUZZ_SEED=${seed})`, () => {
  let server: TestServer;
  const ran = () => readFileSync(join(server.dir, 'ran'), 'utf8').split('\n').filter(Boolean);
  const accepted: string[] = [];
  const refusedIds: string[] = [];

  beforeAll(async () => {
    process.stdout.write(`fuzz seed ${seed} (GENVOY_FUZZ_SEED=${seed} replays it)\n`);
    server = await startServer({ enforce_secret: secret, dispatch: 'async' }, { 'push.ts': pushHook });
  });
  afterAll(() => server.stop());

  /** A valid delivery is accepted (202, journaled first) and its hook runs. */
  async function stillServing(id: string): Promise<void> {
    const answer = await server.post('push', branchPush(), { secret, delivery: id });
    expect(answer.status, `seed ${seed}: valid delivery ${id}`).toBe(202);
    accepted.push(id);
    await eventually(() => ran().includes(id));
  }

  async function check(c: FuzzCase): Promise<void> {
    const timeoutMs = TIMEOUT_MS + (c.send?.trickleMs ?? 0) * 2 * c.bytes.length;
    const where = `seed ${seed}: ${c.name}`;
    const answer = await rawRequest(server.genvoy.port, c.bytes, { ...c.send, timeoutMs }).catch((err: Error) => {
      throw new Error(`${where}: ${err.message}`);
    });
    refusedIds.push(...c.ids);
    if (c.expect === 'none') return;
    if (!answer) throw new Error(`${where}: the connection closed without an answer`);
    const { status, headers, body } = answer;
    if (c.expect === '4xx') expect(status >= 400 && status < 500, `${where}: ${status} ${body}`).toBe(true);
    else expect(status, `${where}: ${body}`).toBe(c.expect);
    expect(headers['content-type'] ?? 'none', `${where}: ${status} ${body}`).toMatch(/^application\/json/);
    const { error } = JSON.parse(body) as { error?: unknown };
    expect(typeof error === 'string' && error.length > 0, `${where}: ${body}`).toBe(true);
  }

  async function run(cases: readonly FuzzCase[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < cases.length) await check(cases[next++]!);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  }

  it(
    'answers every one with a 4xx and a JSON reason, journals none of them, and keeps serving',
    async () => {
      const rng = prng(seed);
      await stillServing('control-start');
      for (let batch = 1; batch <= BATCHES; batch++) {
        const cases = malformedRequests(rng, PER_BATCH, secret, server.genvoy.port, `fuzz-${batch}`);
        cases.push(trickled(rng, secret, server.genvoy.port, `fuzz-${batch}-slow-1`), trickled(rng, secret, server.genvoy.port, `fuzz-${batch}-slow-2`));
        if (batch <= 2) cases.push(oversizedChunked(secret, server.genvoy.port, `fuzz-${batch}-oversized`));
        await run(cases);
        await stillServing(`control-${batch}`);
      }
      // A slow sender of a valid delivery is served like any other (a small push: it goes byte by byte).
      const small = { ref: 'refs/heads/main', repository: { name: 'fuzz', full_name: 'octo/fuzz' } };
      const slow = await rawRequest(server.genvoy.port, validRequest(secret, server.genvoy.port, 'control-trickled', 'push', small), { trickleMs: 1, timeoutMs: 60_000 });
      expect(slow?.status, `seed ${seed}: trickled valid delivery`).toBe(202);
      accepted.push('control-trickled');
      await eventually(() => ran().includes('control-trickled'));

      const journaled = server.journal().list({ limit: 100_000 }).map((d) => d.id);
      expect(journaled.sort(), `seed ${seed}`).toEqual([...accepted].sort());
      expect(refusedIds.filter((id) => server.journal().has(id)), `seed ${seed}`).toEqual([]);
      expect(ran().sort()).toEqual([...accepted].sort());
      // Not one failed inside genvoy, including those whose sender left before any answer.
      expect(server.logs().filter((l) => (l.level as number) >= 50), `seed ${seed}`).toEqual([]);
    },
    120_000,
  );
});
