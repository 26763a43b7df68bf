import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFF_THREAD_BYTES } from '../../src/pipeline/parse/payload-parser.ts';
import { sign } from '../../src/pipeline/guard/sign-body.ts';
import { branchPush, example } from '../support/examples.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

const secret = 'large-payload-secret-0123456789';
/** Grown past the size at which payloads are parsed on the parse thread and journaled in files. */
const large = (payload: Record<string, unknown>) => ({ ...payload, padding: 'x'.repeat(OFF_THREAD_BYTES) });

/**
 * A large payload takes another way than a small one (parsed on the parse thread, its facts
 * read there; received into shared memory; journaled in a file beside the journal), and must
 * come out the same: the same routing, the same refusals with the same words, the same bytes
 * journaled and handed to hooks.
 */
describe('large payloads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(
      { enforce_secret: secret, journal_path: 'journal/genvoy.db' },
      {
        'push-website-main.ts': 'export function handle(payload) { return { ref: payload.ref, padding: payload.padding.length }; }',
        'issues.ts': 'export function handle(payload) { return payload.padding.length; }',
      },
    );
  });
  afterAll(() => server.stop());

  it('routes a large push by its repository and branch, hands the hook the payload, and journals its bytes in a file', async () => {
    const push = large({ ...branchPush(), ref: 'refs/heads/main', repository: { ...(branchPush().repository as object), name: 'website', full_name: 'acme/website' } });
    const answer = await server.post('push', push, { secret, delivery: 'large-push-1' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body['push-website-main'].stdout)).toEqual({ ref: 'refs/heads/main', padding: OFF_THREAD_BYTES });
    const journal = server.journal();
    expect(journal.get('large-push-1')).toMatchObject({ repository: 'website', branch: 'main' });
    expect(journal.payload('large-push-1')).toBe(JSON.stringify(push));
    expect(journal.delivery('large-push-1')).toMatchObject({ lane: 'acme/website', deletesRef: false, payload: push });
    const files = readdirSync(`${journal.file}.payloads`);
    expect(files).toHaveLength(1);
    expect(readFileSync(`${journal.file}.payloads/${files[0]}`, 'utf8')).toBe(JSON.stringify(push));
  });

  it('skips a large push that deletes its branch, as a small one', async () => {
    const deletion = large({ ...branchPush(), deleted: true });
    expect((await server.post('push', deletion, { secret })).body).toEqual({ status: 'skipped' });
  });

  it('refuses a large body that is not JSON, or not an object, for the same reason as a small one', async () => {
    const small = await server.post('issues', '{"broken": ', { secret });
    const big = await server.post('issues', `{"padding": "${'x'.repeat(OFF_THREAD_BYTES)}", "broken": `, { secret });
    expect(big.status).toBe(400);
    expect(big.body.error).toMatch(/^payload is not valid JSON/);
    expect(small.body.error).toMatch(/^payload is not valid JSON/);
    const notObject = await server.post('issues', JSON.stringify(['x'.repeat(OFF_THREAD_BYTES)]), { secret });
    expect(notObject.body).toEqual({ error: 'payload must be a JSON object' });
  });

  it('decodes a large form body on the parse thread', async () => {
    const payload = large(example('issues'));
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const answer = await server.post('issues', form, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(form, secret) } });
    expect(answer.status).toBe(200);
    expect(answer.body.issues.stdout).toBe(String(OFF_THREAD_BYTES));
  });

  it('removes a pruned delivery’s payload file with its row', async () => {
    const journal = server.journal();
    const before = readdirSync(`${journal.file}.payloads`).length;
    await server.post('issues', large(example('issues')), { secret, delivery: 'large-issue-old' });
    expect(readdirSync(`${journal.file}.payloads`)).toHaveLength(before + 1);
    // Finished deliveries only are pruned: the hooks' results may still be on their way to the journal.
    await eventually(() => server.journal().list({ state: 'pending' }).length === 0);
    expect(journal.prune(Date.now() + 1000)).toBeGreaterThan(0);
    expect(readdirSync(`${journal.file}.payloads`)).toHaveLength(0);
    expect(journal.payload('large-issue-old')).toBeUndefined();
  });
});
