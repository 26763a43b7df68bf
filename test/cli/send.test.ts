import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/pipeline/guard/verify-signature.ts';
import { runCli, terminalControl } from '../support/cli.ts';
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

  it('sends unsigned with --url from a folder without a config file; a --config that is missing is still an error', async () => {
    server = await startServer({}, { 'issues.ts': countingHook() });
    const empty = await mkdtemp(join(tmpdir(), 'genvoy-send-'));
    try {
      const sent = await runCli(['send', 'issues', '--url', server.url], { GENVOY_SECRET: '' }, empty);
      expect(sent.output).toMatch(/no secret .*: sending unsigned/);
      expect(sent.output).toMatch(/^200 OK$/m);
      expect(sent.code).toBe(0);
      expect(runs(server.dir).map(([, hook]) => hook)).toEqual(['issues']);

      const named = await runCli(['send', 'issues', '--url', server.url, '--config', 'elsewhere.json'], { GENVOY_SECRET: '' }, empty);
      expect(named.code).toBe(2);
      expect(named.output).toMatch(/^genvoy send: .*elsewhere\.json: cannot read/m);
      // Without --url the config says where to send: its absence is an error.
      const nowhere = await runCli(['send', 'issues'], { GENVOY_SECRET: '' }, empty);
      expect(nowhere.code).toBe(2);
      expect(nowhere.output).toMatch(/config\.json: cannot read/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives up on a server that does not answer within --timeout, and on one that resets the connection, with exit 1 and a line saying why', async () => {
    const stalled = await misbehaving(() => {}); // reads the request, never answers
    const reset = await misbehaving((socket) => socket.resetAndDestroy());
    const halfway = await misbehaving((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"half":'));
    const stalledHalfway = await misbehaving((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"half":'));
    try {
      // The stalled ones get a short --timeout; the others a long one, so that only their reset can end them.
      const send = (url: string, timeout: number) => runCli(['send', 'issues', '--url', url, '--secret', secret, '--timeout', String(timeout)]);
      const [silent, refused, brokenOff, unfinished] = await Promise.all([send(stalled.url, 2), send(reset.url, 60), send(halfway.url, 60), send(stalledHalfway.url, 5)]);
      expect(silent.output).toContain(`genvoy send: no answer from ${stalled.url} within 2 s\n`);
      expect(refused.output).toContain(`genvoy send: cannot reach genvoy at ${reset.url}: read ECONNRESET\n`);
      expect(brokenOff.output).toMatch(/^200 OK$/m);
      expect(brokenOff.output).toContain(`genvoy send: the answer from ${halfway.url} broke off: other side closed\n`);
      // Its head is sent at once: the deadline catches the body that never ends.
      expect(unfinished.output).toMatch(/^200 OK$/m);
      expect(unfinished.output).toContain(`genvoy send: the answer from ${stalledHalfway.url} did not end within 5 s\n`);
      for (const run of [silent, refused, brokenOff, unfinished]) {
        expect(run.code).toBe(1);
        expect(run.output).not.toMatch(/^\s+at /m); // no stack trace
      }
      expect((await runCli(['send', 'issues', '--url', stalled.url, '--timeout', '0'])).code).toBe(2);
    } finally {
      await Promise.all([stalled, reset, halfway, stalledHalfway].map((s) => s.close()));
    }
  }, 60_000);

  it("prints the server's answer escaped, however deep its JSON: a hook's output can carry anything", async () => {
    const depth = 100_000;
    const json = `{"deploy":{"stdout":"\\u001b[2J\u202e\u009b","deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const answers = [json, 'not JSON\r\u001b[31mred\u202e\nsecond line'];
    const servers = await Promise.all(answers.map((body) => misbehaving((socket) => socket.end(`HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`))));
    try {
      const send = (url: string) => runCli(['send', 'issues', '--url', url, '--secret', secret]);
      const [deep, text] = await Promise.all([send(servers[0]!.url), send(servers[1]!.url)]);
      for (const run of [deep, text]) {
        expect(run.code).toBe(0);
        expect(run.output).not.toMatch(terminalControl);
      }
      expect(deep.output).toContain('{\n  "deploy": {\n    "stdout": "\\u001b[2J\\u202e\\u009b",\n    "deep": [\n');
      expect(deep.output).toContain('['.repeat(depth - 40));
      expect(text.output).toMatch(/^not JSON\\r\\x1b\[31mred\\u202e\nsecond line$/m);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  }, 60_000);

  it('warns that --branch does nothing for an event without a branch, and moves one that has it', async () => {
    const github = await standIn(() => ({ status: 202 }));
    try {
      const release = await runCli(['send', '--example', 'release', '--branch', 'main', '--url', github.url, '--secret', secret]);
      expect(release.code).toBe(0);
      expect(release.output).toContain('genvoy send: --branch: a release delivery carries no branch (routing reads none from it): sending it without\n');
      const push = await runCli(['send', '--example', 'push', '--branch', 'main', '--url', github.url, '--secret', secret]);
      expect(push.code).toBe(0);
      expect(push.output).not.toMatch(/--branch/);
      expect(JSON.parse(github.requests[1]!.body).ref).toBe('refs/heads/main');
    } finally {
      await github.close();
    }
  }, 60_000);
});

/** A TCP server that reads a whole request and then does `then` with the connection instead of answering well. */
async function misbehaving(then: (socket: Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let received = '';
    const read = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const head = received.indexOf('\r\n\r\n');
      const length = Number(/^content-length: *(\d+)/im.exec(received)?.[1]);
      if (head === -1 || received.length < head + 4 + length) return;
      socket.off('data', read);
      then(socket);
    };
    socket.on('data', read);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
