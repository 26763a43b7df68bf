import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { runCli } from '../support/cli.ts';
import { appKeys, gitHubApi, type GitHubApi } from '../support/github-api.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

const { privateKey } = appKeys();
const keyLine = privateKey.split('\n')[1]!;

async function configWith(keys: Record<string, unknown>, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-github-config-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await writeFile(join(dir, 'config.json'), JSON.stringify({ hooks_path: 'hooks', journal_path: 'genvoy.db', ...keys }, null, 2));
  return join(dir, 'config.json');
}

describe('the GitHub connection in the config', () => {
  it('reads github_app with its key file (relative to the config), or the key from GENVOY_APP_PRIVATE_KEY; github_token, or GENVOY_GITHUB_TOKEN', async () => {
    const app = await loadConfig(await configWith({ github_app: { app_id: 123, private_key_path: 'app.pem' }, github_api_url: 'https://ghe.example.com/api/v3/' }, { 'app.pem': privateKey }));
    expect(app.github).toEqual({ apiUrl: 'https://ghe.example.com/api/v3', auth: { kind: 'app', appId: '123', privateKey } });
    const fromEnv = await loadConfig(await configWith({ github_app: { app_id: 'Iv1.abc' } }), { appPrivateKey: privateKey });
    expect(fromEnv.github).toEqual({ apiUrl: 'https://api.github.com', auth: { kind: 'app', appId: 'Iv1.abc', privateKey } });
    expect((await loadConfig(await configWith({ github_token: 'ghp_file' }))).github.auth).toEqual({ kind: 'token', token: 'ghp_file' });
    expect((await loadConfig(await configWith({ github_token: 'ghp_file' }), { githubToken: 'ghp_env' })).github.auth).toEqual({ kind: 'token', token: 'ghp_env' });
    expect((await loadConfig(await configWith({}))).github).toEqual({ apiUrl: 'https://api.github.com', auth: { kind: 'none' } });
  });

  it('names the key when the key file cannot be read, is no private key, or is missing, and when both ways are set; never shows the key', async () => {
    const fail = async (keys: Record<string, unknown>, files: Record<string, string> = {}, overrides = {}) => (await loadConfig(await configWith(keys, files), overrides).then(() => '', (err: Error) => err.message));
    expect(await fail({ github_app: { app_id: 1, private_key_path: 'gone.pem' } })).toMatch(/config\.json: "github_app\.private_key_path": cannot read the App's private key: ENOENT \(.*gone\.pem\)$/);
    expect(await fail({ github_app: { app_id: 1, private_key_path: 'app.pem' } }, { 'app.pem': privateKey.slice(0, 400) })).toMatch(/"github_app\.private_key_path": not a private key in PEM/);
    expect(await fail({ github_app: { app_id: 1, private_key_path: 'app.pem' } }, { 'app.pem': 'ghp_notAKey' })).toMatch(/"github_app\.private_key_path": not a private key in PEM/);
    expect(await fail({ github_app: { app_id: 1 } })).toMatch(/"github_app\.private_key_path": missing: .* or the key in GENVOY_APP_PRIVATE_KEY/);
    expect(await fail({ github_app: { app_id: 1 } }, {}, { appPrivateKey: 'not a key' })).toMatch(/^GENVOY_APP_PRIVATE_KEY: not a private key in PEM/);
    expect(await fail({ github_app: { app_id: 1 }, github_token: 'ghp_x' }, {}, { appPrivateKey: privateKey })).toMatch(/"github_app": "github_token" is set too/);
    expect(await fail({}, {}, { appPrivateKey: privateKey })).toMatch(/GENVOY_APP_PRIVATE_KEY is set, but no github_app/);
    expect(await fail({ github_app: { app_id: 1, private_key_path: 'app.pem', secret: 'x' } }, { 'app.pem': privateKey })).toMatch(/"github_app\.secret": unknown key/);
    const shown = await fail({ github_app: { app_id: 1, private_key_path: 'app.pem' } }, { 'app.pem': privateKey.replace('BEGIN RSA', 'BEGIN') });
    expect(shown).toMatch(/not a private key/);
    expect(shown).not.toContain(keyLine);
  });

  it('genvoy check-config shows a bad key file at its line, and genvoy serve refuses to start, saying why', async () => {
    const config = await configWith({ github_app: { app_id: 1, private_key_path: 'app.pem' } }, { 'app.pem': 'not a key' });
    const checked = await runCli(['check-config', config]);
    expect(checked.code).toBe(1);
    expect(checked.output).toMatch(/config\.json:6:5 github_app\.private_key_path: not a private key in PEM/);
    const served = await runCli(['serve', '--config', config, '--port', '0']);
    expect(served.code).toBe(2);
    expect(served.output).toMatch(/"github_app\.private_key_path": not a private key in PEM/);
  }, 60_000);
});

describe('a config edit', () => {
  let server: TestServer | undefined;
  let github: GitHubApi | undefined;
  afterEach(async () => {
    await server?.stop();
    await github?.close();
    server = github = undefined;
  });

  it('gives the hooks that run after it the new connection (another github_token)', async () => {
    github = await gitHubApi({}, ['ghp_firstToken', 'ghp_secondToken']);
    const hook = `export const handle = async (payload, event, context) => (await context.octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'hi' })).status;`;
    server = await startServer({ github_api_url: github.url, github_token: 'ghp_firstToken' }, { 'issues.mjs': hook });
    expect((await server.post('issues', { action: 'opened' })).body).toMatchObject({ issues: { status: 'ok', stdout: '201' } });
    const edited = { ...JSON.parse(await readFile(server.configFile, 'utf8')), github_token: 'ghp_secondToken' };
    await writeFile(server.configFile, JSON.stringify(edited));
    await eventually(() => server!.logs().some((l) => l.msg === 'config reloaded'), 10_000);
    expect((await server.post('issues', { action: 'opened' })).body).toMatchObject({ issues: { status: 'ok', stdout: '201' } });
    expect(github.comments().map((c) => c.authorization)).toEqual(['token ghp_firstToken', 'token ghp_secondToken']);
    expect(JSON.stringify(server.logs())).not.toContain('ghp_secondToken');
  }, 60_000);
});
