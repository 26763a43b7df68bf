import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/guard/verify-signature.ts';
import { runCli } from '../support/cli.ts';
import { countingHook, runs } from '../support/runs.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';
import { standIn } from '../support/stand-in.ts';

const secret = 'send-test-secret-4242';

describe('genvoy send (a real process)', () => {
  let server: TestServer;
  afterEach(() => server?.stop());

  it('signs an example as GitHub does: the server enforcing the secret accepts it and journals its headers', async () => {
    server = await startServer({ enforce_secret: 'not-this-one' }, { 'push.ts': countingHook() });
    const sent = await runCli(['send', 'push', '--example', 'push', '--url', server.url, '--config', server.configFile], { GENVOY_SECRET: secret });
    // The server was started with another secret: 403, exit 1, and the secret is never printed.
    expect(sent.code).toBe(1);
    expect(sent.output).toMatch(/^403 Forbidden$/m);
    expect(sent.output).toMatch(/signature does not match/);
    expect(sent.output).not.toContain(secret);
    await server.stop();

    server = await startServer({ enforce_secret: secret }, { 'push.ts': countingHook() });
    const ok = await runCli(['send', 'push', '--example', 'push', '--url', server.url, '--config', server.configFile], { GENVOY_SECRET: secret });
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/^200 OK$/m);
    expect(ok.output).not.toContain(secret);
    const id = /^delivery ([0-9a-f-]{36}) \(push\)/m.exec(ok.output)![1]!;
    expect(runs(server.dir)).toEqual([[id, 'push']]);
    const headers = server.journal().get(id)!.headers;
    expect(headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
    expect(headers).toMatchObject({ 'x-github-event': 'push', 'x-github-delivery': id, 'x-github-hook-id': expect.any(String) });

    // The legacy sha1 signature, checked alone, holds too (through a stand-in that keeps the raw request).
    const github = await standIn(() => ({ status: 202, body: { status: 'accepted' } }));
    try {
      const stood = await runCli(['send', 'issues', '--url', `${github.url}/hook`, '--secret', secret]);
      expect(stood.output).toMatch(/^202 Accepted$/m);
      const [request] = github.requests;
      expect(request!.headers['content-type']).toBe('application/json');
      expect(() => verifySignature(Buffer.from(request!.body), { 'x-hub-signature': request!.headers['x-hub-signature'] }, [secret])).not.toThrow();
      expect(() => verifySignature(Buffer.from(request!.body), { 'x-hub-signature-256': request!.headers['x-hub-signature-256'] }, [secret])).not.toThrow();
    } finally {
      await github.close();
    }

    const wrong = await runCli(['send', 'push', '--example', 'push', '--url', server.url, '--secret', 'wrong-secret', '--config', server.configFile]);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/^403 Forbidden$/m);
  }, 60_000);

  it("takes the URL and the secret from the config, moves the payload to another repository and branch, and sends a payload file", async () => {
    server = await startServer({ enforce_secret: [secret] }, { 'push-elsewhere-dev.ts': countingHook(), 'issues-elsewhere.ts': countingHook() });
    const port = new URL(server.url).port;
    // The config the CLI reads names the server's port (the server's own has 0: any free one).
    const config = `${server.dir}/cli.json`;
    await writeFile(config, JSON.stringify({ http_host: '0.0.0.0', http_port: Number(port), enforce_secret: secret }));
    const push = await runCli(['send', 'push', '--example', 'push', '--repo', 'acme/elsewhere', '--branch', 'dev', '--config', config], { GENVOY_SECRET: '' });
    expect(push.code).toBe(0);
    const issue = await runCli(['send', '--example', 'issues.opened:2', '--repo', 'elsewhere', '--action', 'closed', '--config', config], { GENVOY_SECRET: '' });
    expect(issue.code).toBe(0);
    await eventually(() => runs(server.dir).length === 2);
    expect(runs(server.dir).map(([, hook]) => hook)).toEqual(['push-elsewhere-dev', 'issues-elsewhere']);
    const [stored] = server.journal().list({ event: 'issues' });
    expect(stored).toMatchObject({ repository: 'elsewhere', action: 'closed' });

    // --payload sends the file's bytes as they are.
    const file = `${server.dir}/payload.json`;
    const text = '{ "action": "opened",\n  "repository": { "name": "elsewhere", "full_name": "acme/elsewhere" } }';
    await writeFile(file, text);
    const own = await runCli(['send', 'issues', '--payload', file, '--config', config], { GENVOY_SECRET: '' });
    expect(own.code).toBe(0);
    await eventually(() => runs(server.dir).length === 3);
    const id = /^delivery (\S+)/m.exec(own.output)![1]!;
    expect(server.journal().delivery(id)!.json.toString()).toBe(text);
    expect((await runCli(['send', 'issues', '--payload', `${server.dir}/missing.json`, '--config', config])).code).toBe(2);
  }, 60_000);

  it('lists the examples, refuses an unknown one, and says when the server cannot be reached', async () => {
    const list = await runCli(['send', '--example']);
    expect(list.code).toBe(0);
    expect(list.output).toMatch(/^issues +\d+ examples .*\.opened:1\.\.\d/m);
    expect(list.output).toMatch(/^push +\d+ examples/m);

    const unknown = await runCli(['send', 'push', '--example', 'no_such_event']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/no example "no_such_event"/);
    expect(unknown.output).toMatch(/^pull_request +/m);

    const away = await runCli(['send', 'push', '--url', 'http://127.0.0.1:9/hooks', '--secret', secret]);
    expect(away.code).toBe(1);
    expect(away.output).toMatch(/cannot reach genvoy at http:\/\/127\.0\.0\.1:9\/hooks/);
  });
});
