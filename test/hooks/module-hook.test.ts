import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe('module hooks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ hook_timeout_s: 0.3 }, {
      'issues.ts': `
        import type { Handler } from 'genvoy';
        import { label } from './_lib/format.ts';
        export const when = "action == 'opened' && !issue.locked";
        export const handle: Handler<'issues'> = (payload, event, ctx) => label(payload.issue.number, ctx.delivery);`,
      '_lib/format.ts': `export const label = (n: number, d: string) => \`#\${n} in \${d}\`;`,
      'issues+fn.ts': `
        import { defineHook } from 'genvoy';
        export default defineHook<'issues'>({ when: (p) => p.action === 'closed', handle: () => 'closed!' });`,
      'issues+throws.ts': `export function handle() { throw new Error('boom at line 1'); }`,
      'issues+slow.ts': `import { writeFileSync } from 'node:fs';
        export async function handle(p, e, ctx) {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          writeFileSync(import.meta.dirname + '/../slow-aborted', String(ctx.signal.aborted));
        }`,
      'issues+bad-when.ts': `export const when = "action == "; export const handle = () => 1;`,
      'issues+no-handle.ts': `export const hello = 1;`,
      'issues+syntax.ts': `export const handle = ( => 1;`,
      'issues+last.mjs': `export const handle = () => 'still ran';`,
      'issues+thenable.ts': `import { appendFileSync } from 'node:fs';
        // A lazy thenable (as query builders are): each then() would run it again.
        export const handle = (p, e, ctx) => ({ then(resolve) { appendFileSync(import.meta.dirname + '/../thenable-runs', ctx.delivery + '\\n'); resolve('once'); } });`,
      'issues+spread.ts': `export const handle = (p, e, context) => { const copy = { ...context }; return typeof copy.log.info === 'function' && copy.signal instanceof AbortSignal; };`,
    });
  });
  afterAll(() => server.stop());

  const issue = (action: string) => ({ ...example('issues'), action, issue: { ...(example('issues').issue as object), number: 1347, locked: false } });

  it('runs a typed hook with its helper, and shows hooks whose when is false as skipped', async () => {
    const answer = await server.post('issues', issue('opened'), { delivery: 'd-1' });
    expect(answer.body.issues).toMatchObject({ status: 'ok', returncode: 0, stdout: '"#1347 in d-1"' });
    expect(answer.body['issues+fn']).toMatchObject({ status: 'skipped', reason: 'when() returned false' });
    const closed = await server.post('issues', issue('closed'));
    expect(closed.body.issues).toMatchObject({ status: 'skipped', reason: "when: action == 'opened' && !issue.locked" });
    expect(closed.body['issues+fn']).toMatchObject({ status: 'ok', stdout: '"closed!"' });
  });

  it('reports a hook that throws, times out, cannot load or has no handle, and runs the ones after it', async () => {
    const { body } = await server.post('issues', issue('opened'));
    expect(body['issues+throws']).toMatchObject({ status: 'failed', returncode: 1, stderr: 'boom at line 1' });
    expect(body['issues+slow']).toMatchObject({ status: 'timeout', returncode: 1, stderr: 'timed out after 0.3 s' });
    await eventually(() => existsSync(join(server.dir, 'slow-aborted'))); // its signal told it to stop
    expect(body['issues+bad-when']).toMatchObject({ status: 'failed' });
    expect(body['issues+bad-when'].stderr).toMatch(/syntax error/i);
    expect(body['issues+no-handle']).toMatchObject({ status: 'failed', stderr: 'hook module does not export a handle() function' });
    expect(body['issues+syntax']).toMatchObject({ status: 'failed' });
    expect(body['issues+syntax'].stderr).toMatch(/^hook module failed to load: .*issues\+syntax\.ts:1:\d+/);
    expect(body['issues+last']).toMatchObject({ status: 'ok', stdout: '"still ran"' });
    expect(body['issues+thenable']).toMatchObject({ status: 'ok', stdout: '"once"' });
    const runs = readFileSync(join(server.dir, 'thenable-runs'), 'utf8').trim().split('\n');
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs).size).toBe(runs.length); // then() once per delivery
    expect(body['issues+spread']).toMatchObject({ status: 'ok', stdout: 'true' });
    const failure = server.logs().find((l) => l.msg === 'hook failed' && l.hook === 'issues+throws');
    expect(String((failure?.err as { stack?: string })?.stack)).toMatch(/issues\+throws\.ts:\d+/);
    expect(server.logs().some((l) => l.msg === 'hook module failed to load' && String(l.file).endsWith('issues+syntax.ts'))).toBe(true);
  });
});
