import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/base/config-error.ts';
import { proxyFor, proxySettings } from '../../src/base/outbound-proxy.ts';
import { runCli, shippedConfig } from '../support/cli.ts';

describe('proxySettings', () => {
  it('reads a proxy without a scheme as http://, as curl does, and lets HTTPS fall back to HTTP', () => {
    expect(proxySettings({ HTTP_PROXY: 'proxy.corp:3128' })).toEqual({ httpProxy: 'http://proxy.corp:3128/', httpsProxy: 'http://proxy.corp:3128/', noProxy: undefined });
    expect(proxySettings({ https_proxy: 'https://u:p@secure.corp', HTTPS_PROXY: 'http://ignored', no_proxy: 'localhost' })).toEqual({
      httpProxy: undefined,
      httpsProxy: 'https://u:p@secure.corp/',
      noProxy: 'localhost',
    });
    expect(proxySettings({})).toEqual({ httpProxy: undefined, httpsProxy: undefined, noProxy: undefined });
  });

  it('refuses a value that is no proxy URL, naming the variable and never the value', () => {
    let error: unknown;
    try {
      proxySettings({ HTTPS_PROXY: 'socks5://user:secret-pass@proxy:1080' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^HTTPS_PROXY is not a proxy URL/);
    expect((error as Error).message).not.toContain('secret-pass');
  });

  it('names the proxy for a log line without its user or password', () => {
    const settings = proxySettings({ HTTPS_PROXY: 'http://user:pw@proxy.corp:3128', NO_PROXY: '10.0.0.0/8' });
    expect(proxyFor(new URL('https://relay.example.com/'), settings)).toEqual({ proxy: 'http://proxy.corp:3128', no_proxy: '10.0.0.0/8' });
    expect(proxyFor(new URL('http://relay.example.com/'), settings)).toBeUndefined();
  });

  it('genvoy serve --pull stops at once, exit 2, on a proxy variable it cannot use', async () => {
    const config = await shippedConfig();
    const { code, output } = await runCli(['serve', '--config', config, '--port', '0', '--pull', 'https://relay.example.com/'], {
      GENVOY_PULL_TOKEN: 'a-pull-token-of-some-length',
      HTTPS_PROXY: 'ftp://user:secret-pass@proxy',
    });
    expect(code).toBe(2);
    expect(output).toContain('genvoy serve: HTTPS_PROXY is not a proxy URL');
    expect(output).not.toContain('secret-pass');
    await rm(dirname(config), { recursive: true, force: true });
  });
});
