import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { runCli, startCli } from '../support/cli.ts';

const fifteen = 'a'.repeat(15);
const sixteen = 'b'.repeat(16);

describe('bearer tokens shorter than 16 characters are a config error', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-tokens-'));
    file = join(dir, 'config.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const load = async (config: object, overrides = {}) => {
    await writeFile(file, JSON.stringify(config));
    return loadConfig(file, overrides);
  };

  it('in the config file: admin_token, ui.token, metrics_token and relay.tokens, each named at its key, never with its value', async () => {
    for (const [config, key, what] of [
      [{ admin_token: 'a' }, 'admin_token', 'an admin token'],
      [{ ui: { token: fifteen } }, 'ui.token', 'a web page token'],
      [{ metrics_token: fifteen }, 'metrics_token', 'a metrics token'],
      [{ relay: { tokens: [sixteen, fifteen] } }, 'relay.tokens.1', 'a relay token'],
    ] as const) {
      const refused = await load(config).then(
        () => 'accepted',
        (err: Error) => err.message,
      );
      expect(refused).toBe(`${file}: "${key}": ${what} needs at least 16 characters`);
    }
    // 16 will do; "" is none at all (the endpoint off, the page off, /metrics open).
    expect(await load({ admin_token: sixteen, ui: { token: sixteen }, metrics_token: sixteen, relay: { tokens: [sixteen] } })).toMatchObject({ admin_token: sixteen, metrics_token: sixteen });
    expect(await load({ admin_token: '', ui: { token: '', password: 'short' }, metrics_token: '' })).toMatchObject({ admin_token: '', metrics_token: '' });
  });

  it('from the environment: GENVOY_ADMIN_TOKEN, GENVOY_UI_TOKEN and GENVOY_METRICS_TOKEN', async () => {
    for (const [overrides, env, what] of [
      [{ adminToken: 'a' }, 'GENVOY_ADMIN_TOKEN', 'an admin token'],
      [{ uiToken: fifteen }, 'GENVOY_UI_TOKEN', 'a web page token'],
      [{ metricsToken: fifteen }, 'GENVOY_METRICS_TOKEN', 'a metrics token'],
    ] as const) {
      await expect(load({}, overrides)).rejects.toThrow(`${env}: ${what} needs at least 16 characters`);
    }
    expect(await load({ admin_token: 'a'.repeat(20) }, { adminToken: sixteen })).toMatchObject({ admin_token: sixteen });
  });

  it('stops genvoy serve (exit 2) and shows in check-config at its line', async () => {
    await writeFile(file, JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, hooks_path: '.', journal_path: 'genvoy.db' }));
    // Were it taken, the server would start: then it is stopped at once, and the test fails.
    const serve = await startCli(['serve', '--config', file, '--port', '0'], { GENVOY_UI_TOKEN: 'a' }).then(
      ({ child }) => (child.kill('SIGKILL'), 'started'),
      (err: Error) => err.message,
    );
    expect(serve).toBe('genvoy exited with 2:\ngenvoy serve: GENVOY_UI_TOKEN: a web page token needs at least 16 characters\n');
    await writeFile(file, '{\n  "hooks_path": ".",\n  "admin_token": "a"\n}');
    const checked = await runCli(['check-config', file]);
    expect(checked.code).toBe(1);
    expect(checked.output).toContain(`${file}:3:3 admin_token: an admin token needs at least 16 characters\n`);
  }, 30_000);
});
