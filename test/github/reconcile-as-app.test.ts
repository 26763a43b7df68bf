import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReconcileCommand } from '../../src/commands/reconcile.ts';
import { appKeys, jwtProblem } from '../support/github-api.ts';
import { attempt, gitHubDeliveries, type GitHubDeliveries } from '../support/github-deliveries.ts';

let gh: GitHubDeliveries | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function reconcile(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-reconcile-app-'));
  const { privateKey, publicKey } = appKeys();
  await writeFile(join(dir, 'app.pem'), privateKey);
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  let out = '';
  let err = '';
  const code = await runReconcileCommand({ config: join(dir, 'config.json') }, { env, out: (t) => (out += t), err: (t) => (err += t), known: () => new Set(['journaled']) });
  return { code, out, err, privateKey, publicKey };
}

describe('genvoy reconcile with github_app and github_token', () => {
  it("reads the App's hook as the App, with a JWT it makes from github_app, at github_api_url", async () => {
    gh = await gitHubDeliveries({ attempts: [attempt(2, 'missing', 5, 200), attempt(1, 'journaled', 10, 200)] });
    const run = await reconcile({ github_api_url: `${gh.url}/api/v3`, github_app: { app_id: 4711, private_key_path: 'app.pem' }, reconcile: { hook: 'app' } });
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(gh.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/v3/app/hook/deliveries?per_page=100', 'POST /api/v3/app/hook/deliveries/2/attempts']);
    for (const request of gh.requests) expect(jwtProblem(request.headers.authorization, run.publicKey, '4711')).toBeUndefined();
    expect(run.out + run.err).not.toContain(run.privateKey.split('\n')[1]);
  });

  it('reads a repository hook with github_token, and warns of the old keys it still takes', async () => {
    gh = await gitHubDeliveries({ attempts: [attempt(1, 'missing', 5, 200)] });
    const fresh = await reconcile({ github_api_url: gh.url, github_token: 'ghp_newWay', reconcile: { hook: 'repos/o/r/hooks/1' } });
    expect(fresh).toMatchObject({ code: 0, err: '' });
    const old = await reconcile({ reconcile: { hook: 'repos/o/r/hooks/1', api_url: gh.url, token_env: 'OLD_TOKEN' } }, { OLD_TOKEN: 'ghp_oldWay' });
    expect(old.code).toBe(0);
    expect(old.err).toMatch(/reconcile\.api_url: old: .* use "github_api_url"/);
    expect(old.err).toMatch(/reconcile\.token_env: old: use "github_token"/);
    expect(old.err).toMatch(/the token comes from OLD_TOKEN, the old way/);
    expect(gh.requests.map((r) => r.headers.authorization)).toEqual(['token ghp_newWay', 'token ghp_newWay', 'token ghp_oldWay', 'token ghp_oldWay']);
  });
});
