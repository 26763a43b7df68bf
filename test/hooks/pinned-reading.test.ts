import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchPush, example } from '../support/examples.ts';
import { eventually, startServer, writeHooks, type TestServer } from '../support/server.ts';

/** A hook that leaves a mark when it runs, so that a skipped one is seen not to have run. */
const marking = (pins: string, name: string) => `import { appendFileSync } from 'node:fs';
${pins}
export const handle = (p, e, ctx) => { appendFileSync(import.meta.dirname + '/../ran', '${name} ' + ctx.repository + ' ' + ctx.branch + '\\n'); return 'ran'; };`;

/** A push to `fullName`'s branch `branch`, from GitHub's example. */
function pushTo(fullName: string, branch: string): Record<string, unknown> {
  const payload = branchPush();
  const [owner, name] = fullName.split('/');
  return { ...payload, ref: `refs/heads/${branch}`, repository: { ...(payload.repository as object), name, full_name: fullName, owner: { login: owner } } };
}

describe('hook names that read two ways, and modules pinned to one reading (a real server)', () => {
  let server: TestServer;
  const ran = () => (existsSync(join(server.dir, 'ran')) ? readFileSync(join(server.dir, 'ran'), 'utf8').trim().split('\n') : []);

  beforeAll(async () => {
    server = await startServer({}, {
      'push-website-main.ts': marking("export const repository = 'website';\nexport const branch = 'main';", 'deploy'),
      'push-website-main+notify.ts': `import { defineHook } from 'genvoy';
        export default defineHook({ repository: 'acme/website', branch: 'main', handle: () => 'notified' });`,
      'push-blog-main.ts': marking('', 'blog'),
      'all-web-site.ts': marking("export const branch = 'main';", 'all'),
    });
  });
  afterAll(() => server.stop());

  it("skips a pinned hook for a delivery of its name's other reading: a push to a repository named website-main, branch evil", async () => {
    const answer = await server.post('push', pushTo('mallory/website-main', 'evil'));
    expect(answer.status).toBe(200);
    expect(answer.body['push-website-main']).toMatchObject({ status: 'skipped', reason: 'repository: pinned to "website", this delivery is for "website-main"' });
    expect(answer.body['push-website-main+notify']).toMatchObject({ status: 'skipped', reason: 'repository: pinned to "acme/website", this delivery is for "mallory/website-main"' });
    expect(ran()).toEqual([]);

    const meant = await server.post('push', pushTo('acme/website', 'main'));
    expect(meant.body['push-website-main']).toMatchObject({ status: 'ok', stdout: '"ran"' });
    expect(meant.body['push-website-main+notify']).toMatchObject({ status: 'ok', stdout: '"notified"' });
    expect(ran()).toEqual(['deploy website main']);

    // owner/name pins the owner too.
    const elsewhere = await server.post('push', pushTo('mallory/website', 'main'));
    expect(elsewhere.body['push-website-main']).toMatchObject({ status: 'ok' });
    expect(elsewhere.body['push-website-main+notify']).toMatchObject({ status: 'skipped', reason: 'repository: pinned to "acme/website", this delivery is for "mallory/website"' });
  });

  it('runs an unpinned hook for either reading (what the warning is about), and skips a delivery without the branch a hook pins', async () => {
    const answer = await server.post('push', pushTo('mallory/blog-main', 'evil'));
    expect(answer.body['push-blog-main']).toMatchObject({ status: 'ok' });
    expect(ran()).toContain('blog blog-main evil');

    // all-web-site, pinned to branch main (of the repository web-site, not "web"'s branch "site"): an issue carries no branch.
    const issue = example('issues');
    const unbranched = await server.post('issues', { ...issue, repository: { ...(issue.repository as object), name: 'web-site', full_name: 'acme/web-site' } });
    expect(unbranched.body['all-web-site']).toMatchObject({ status: 'skipped', reason: 'branch: pinned to "main", this delivery is for none' });
    expect((await server.post('push', pushTo('acme/web', 'site'))).body['all-web-site']).toMatchObject({ status: 'skipped', reason: 'branch: pinned to "main", this delivery is for "site"' });
    expect((await server.post('push', pushTo('acme/web-site', 'main'))).body['all-web-site']).toMatchObject({ status: 'ok' });
    expect(ran()).toContain('all web-site main');
  });

  it('says at the start which names read two ways, with both readings, and what each module pins; and again for a module added later', () => {
    const lines = server.logs().filter((line) => typeof line.hook === 'string' && String(line.msg).includes('reads'));
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'all-web-site: the name reads 2 ways: any event, repository "web-site"; any event, repository "web", branch "site"; the module is pinned to branch "main": a delivery of another reading skips it'],
      [40, `push-blog-main: the name reads 2 ways: event push, repository "blog-main"; event push, repository "blog", branch "main"; it runs for each: pin a module to one (export const repository = '…' and export const branch = '…'), or rename it`],
      [30, 'push-website-main: the name reads 2 ways: event push, repository "website-main"; event push, repository "website", branch "main"; the module is pinned to repository "website", branch "main": a delivery of another reading skips it'],
      [30, 'push-website-main+notify: a child of "push-website-main", whose name reads 2 ways: event push, repository "website-main"; event push, repository "website", branch "main"; the module is pinned to repository "acme/website", branch "main": a delivery of another reading skips it'],
    ]);
    expect(lines[1]).toMatchObject({ hook: 'push-blog-main', file: join(server.hooksDir, 'push-blog-main.ts') });
  });

  it('logs a module added while running whose name reads two ways', async () => {
    await writeHooks(server.hooksDir, { 'push-shop-main.ts': 'export const handle = () => 1;' });
    await eventually(() => server.logs().some((line) => line.hook === 'push-shop-main' && line.level === 40 && /^push-shop-main: the name reads 2 ways: /.test(String(line.msg))));
  });
});
