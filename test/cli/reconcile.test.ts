import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { attempt, gitHubDeliveries, type GitHubDeliveries } from '../support/github-deliveries.ts';
import { startServer } from '../support/server.ts';

const token = 'ghp_cliTestToken0123456789abcdef';

async function configFile(config: object): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-cli-'));
  await writeFile(join(dir, 'genvoy.json'), JSON.stringify(config));
  return join(dir, 'genvoy.json');
}

let github: GitHubDeliveries | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

describe('genvoy reconcile (a real process)', () => {
  it("asks GitHub to redeliver what failed on GitHub's side or never reached genvoy's journal", async () => {
    const server = await startServer({}, {});
    try {
      await server.post('push', example('push'), { delivery: 'reached-genvoy' });
      github = await gitHubDeliveries({
        attempts: [attempt(3, 'reached-genvoy', 5, 200), attempt(2, 'never-journaled', 10, 200), attempt(1, 'failed-at-github', 20, 502)],
      });
      const config = JSON.parse(await readFile(server.configFile, 'utf8'));
      await writeFile(server.configFile, JSON.stringify({ ...config, github_api_url: github.url, reconcile: { hook: 'repos/octo/site/hooks/42' } }));
      const { code, output } = await runCli(['reconcile', '--config', server.configFile], { GENVOY_GITHUB_TOKEN: token });
      expect({ code, output }).toMatchObject({ code: 0 });
      expect(output).not.toMatch(/old/);
      expect(github.redelivered().sort()).toEqual([1, 2]);
      expect(output).toContain('never-journaled');
      expect(output).not.toContain(token);
    } finally {
      await server.stop();
    }
  });

  it('exits 2 on a usage or config error, saying what is wrong', async () => {
    const withHook = await configFile({ reconcile: { hook: 'repos/octo/site/hooks/42' } });
    const badSince = await runCli(['reconcile', '--config', withHook, '--since', 'last week'], { GITHUB_TOKEN: token });
    expect(badSince).toMatchObject({ code: 2, output: expect.stringMatching(/--since "last week": expected a duration such as "90m"/) });
    const unknownOption = await runCli(['reconcile', '--config', withHook, '--sinse', '3d'], { GITHUB_TOKEN: token });
    expect(unknownOption).toMatchObject({ code: 2, output: expect.stringMatching(/unknown option '--sinse'/) });
    const noToken = await runCli(['reconcile', '--config', withHook], { GITHUB_TOKEN: '', GENVOY_GITHUB_TOKEN: '' });
    expect(noToken).toMatchObject({ code: 2, output: expect.stringMatching(/reconcile has no credentials for repos\/octo\/site\/hooks\/42: .*set "github_token" in the config or GENVOY_GITHUB_TOKEN/) });
    const noHook = await runCli(['reconcile', '--config', await configFile({})], { GITHUB_TOKEN: token });
    expect(noHook).toMatchObject({ code: 2, output: expect.stringMatching(/no hook to reconcile: set reconcile.hook in the config or pass --hook/) });
    const badKey = await runCli(['reconcile', '--config', await configFile({ reconcile: { hook: 'app', every: 5 } })], { GITHUB_TOKEN: token });
    expect(badKey).toMatchObject({ code: 2, output: expect.stringMatching(/"reconcile.every": unknown key/) });
  });

  it('takes --hook, --api-url and --since over the config, sends the token, never prints it, and exits 1 when GitHub refuses', async () => {
    github = await gitHubDeliveries({ attempts: [attempt(1, 'g', 5, 500)], intercept: () => ({ status: 401, body: { message: 'Bad credentials' } }) });
    const config = await configFile({ github_api_url: 'https://api.github.com', reconcile: { hook: 'repos/octo/site/hooks/42' } });
    const { code, output } = await runCli(['reconcile', '--config', config, '--hook', 'orgs/octo/hooks/7', '--api-url', `${github.url}/api/v3`, '--since', '36h', '--dry-run'], { GENVOY_GITHUB_TOKEN: token });
    expect(code).toBe(1);
    expect(output).toMatch(/^reconcile orgs\/octo\/hooks\/7 at http:\/\/127\.0\.0\.1:\d+\/api\/v3 \(dry run: nothing is redelivered\)\n/);
    expect(output).toMatch(/genvoy: reconcile stopped: GitHub answered 401 \(GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/orgs\/octo\/hooks\/7\/deliveries\?per_page=100\): Bad credentials\n$/);
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]!.headers.authorization).toBe(`token ${token}`);
    expect(output).not.toContain(token);
  });

  it('lists its options in --help', async () => {
    const { code, output } = await runCli(['reconcile', '--help']);
    expect(code).toBe(0);
    for (const option of ['--since <when>', '--dry-run', '--config <file>', '--hook <hook>', '--api-url <url>']) expect(output).toContain(option);
  });
});
