import Database from 'libsql';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { perClient } from '../../src/base/guess-throttle.ts';
import { Journal } from '../../src/intake/journal/journal.ts';
import { SseParser, type SseEvent } from '../../src/intake/relay/sse.ts';
import { runCli, startCli, type Running } from '../support/cli.ts';
import { example } from '../support/examples.ts';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.ts';
import { scrape } from '../support/prometheus.ts';
import { countingHook, runs } from '../support/runs.ts';
import { eventually, post, writeHooks } from '../support/server.ts';
import { readyz } from '../support/readiness.ts';
import { seeded } from '../support/seed.ts';

const token = 'relay-test-token-0123456789';
const secret = 'relay-test-secret';

let dir = '';
const started: Running[] = [];

/** A relay and an agent config in a fresh folder; the agent's issues hook appends each delivery id to `runs`. */
async function setUp(): Promise<{ relayConfig: string; agentConfig: string }> {
  dir = await mkdtemp(join(tmpdir(), 'genvoy-relay-'));
  const relayConfig = join(dir, 'relay.json');
  const agentConfig = join(dir, 'agent.json');
  const loopback = { http_host: '127.0.0.1', github_ips_only: false };
  await writeFile(relayConfig, JSON.stringify({ ...loopback, journal_path: 'relay/relay.db', enforce_secret: secret, relay: { heartbeat_s: 1 } }));
  await writeFile(agentConfig, JSON.stringify({ ...loopback, hooks_path: 'hooks', journal_path: 'agent/agent.db', dispatch: 'async' }));
  // The hook takes a while, so that a kill lands in the middle of the stream; ping.ts must never run.
  await writeHooks(join(dir, 'hooks'), { 'issues.ts': countingHook('await new Promise((r) => setTimeout(r, 30));'), 'ping.ts': countingHook() });
  return { relayConfig, agentConfig };
}

async function startRelay(configFile: string, port = 0, env: Record<string, string> = { GENVOY_RELAY_TOKEN: token }): Promise<Running> {
  const relay = await startCli(['relay', '--config', configFile, '--port', String(port)], env);
  started.push(relay);
  return relay;
}

async function startAgent(configFile: string, relayUrl: string, pullToken = token, env: Record<string, string> = {}): Promise<Running> {
  const agent = await startCli(['serve', '--config', configFile, '--port', '0', '--pull', relayUrl], { GENVOY_PULL_TOKEN: pullToken, ...env });
  started.push(agent);
  return agent;
}

async function kill(running: Running, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill(signal);
  await once(running.child, 'exit');
}

/** Posts a signed issues delivery (all of one repository, so that they run in one order) and expects it relayed. */
async function relay(url: string, id: string): Promise<void> {
  const answer = await post(url, 'issues', example('issues'), { secret, delivery: id });
  expect(answer).toEqual({ status: 202, body: { status: 'relayed', delivery: id } });
}

const ran = () => runs(dir).map(([id]) => id);
const firstRuns = () => [...new Set(ran())];
const counts = () => ran().reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

/** What the relay's journal still holds for an agent. */
function unacknowledged(): string[] {
  const journal = new Journal(join(dir, 'relay', 'relay.db'));
  try {
    return journal.pending(1000).map((d) => d.id);
  } finally {
    journal.close();
  }
}

/** The relay's stream read as an agent would, without acknowledging anything. */
async function openStream(url: string, bearer: string, lastEventId?: string) {
  const controller = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const res = await fetch(new URL('/relay/deliveries', url), { headers, signal: controller.signal });
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let raw = '';
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body!) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        raw += text;
        events.push(...parser.push(text));
      }
    } catch {}
    ended = true;
  })();
  return {
    status: res.status,
    deliveries: () => events.filter((e) => e.event === 'delivery').map((e) => ({ seq: e.id, ...(JSON.parse(e.data) as { id: string; event: string; payload: string; headers: Record<string, string> }) })),
    raw: () => raw,
    ended: () => ended,
    close: () => controller.abort(),
  };
}

const acknowledge = (url: string, id: string, bearer = token) => fetch(new URL(`/relay/deliveries/${id}/ack`, url), { method: 'POST', headers: { authorization: `Bearer ${bearer}` } });

/**
 * An HTTPS reverse proxy in front of the relay, as in production, with a self-signed
 * certificate for 127.0.0.1 (made with openssl) that the agent trusts through NODE_EXTRA_CA_CERTS.
 */
async function tlsProxy(target: string): Promise<{ url: string; caFile: string; server: Server }> {
  const key = join(dir, 'proxy.key');
  const caFile = join(dir, 'proxy.pem');
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  const server = createServer({ key: await readFile(key), cert: await readFile(caFile) }, (req, res) => {
    const upstream = request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxies.push(server);
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`, caFile, server };
}
const proxies: Server[] = [];

/** An outbound proxy between agent and relay, closed after the test. */
async function outboundProxy(): Promise<ForwardProxy> {
  const proxy = await startForwardProxy();
  outbound.push(proxy);
  return proxy;
}
const outbound: ForwardProxy[] = [];

afterEach(async () => {
  for (const proxy of proxies.splice(0)) proxy.close(), proxy.closeAllConnections();
  for (const proxy of outbound.splice(0)) proxy.close();
  await Promise.all(started.splice(0).map((r) => kill(r)));
  await rm(dir, { recursive: true, force: true });
});

describe('genvoy relay and genvoy serve --pull (real processes)', () => {
  it('runs every delivery once, in the relay order, across an agent killed with SIGKILL mid-stream and deliveries that arrive while it is down', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    let agent = await startAgent(agentConfig, relayer.url);
    const ids = Array.from({ length: 60 }, (_, i) => `pull-${i}`);
    const ping = await post(relayer.url, 'ping', example('ping'), { secret, delivery: 'the-ping' });
    expect(ping).toEqual({ status: 200, body: { msg: 'pong' } });
    for (const id of ids.slice(0, 40)) await relay(relayer.url, id);

    const random = seeded();
    const killAfter = random.int(5, 24); // a different moment each run, printed so that a failure can be replayed
    let moment = `kill -9 of the agent once ${killAfter} of 40 hooks have run (${random.replay})`;
    console.log(`relay: ${moment}`);
    await eventually(() => ran().length >= killAfter, 15_000);
    await kill(agent);
    const beforeKill = ran();
    moment += `; ${beforeKill.length} had run at the kill`;
    console.log(`relay: ${moment}`);
    expect(beforeKill.length, moment).toBeLessThan(40); // the kill really left work undone

    for (const id of ids.slice(40)) await relay(relayer.url, id); // the agent is down
    agent = await startAgent(agentConfig, relayer.url);
    await relay(relayer.url, 'last');
    await eventually(() => ran().includes('last'), 30_000);

    // One repository: one order, the relay's, whatever was handed over before or after the kill.
    expect(firstRuns(), moment).toEqual([...ids, 'last']);
    // A hook that had started when the agent was killed (it wrote its line), or had just ended
    // with its success not yet journaled, runs once more at the restart: at most the last two
    // started before the kill. Everything else ran exactly once: its success was journaled,
    // and a delivery the relay sends again is recognised by its id.
    const twice = [...counts()].filter(([, n]) => n > 1);
    for (const [id, n] of twice) {
      expect(beforeKill.slice(-2), moment).toContain(id);
      expect(n, moment).toBe(2);
    }
    expect(ran()).not.toContain('the-ping'); // acknowledged, no hook run (ping.ts exists)
    await eventually(() => unacknowledged().length === 0, 10_000); // the ping and 'last' included
    expect(agent.output()).toMatch(/connected to the relay/);
    expect(relayer.output() + agent.output()).not.toContain(token);
  }, 60_000); // three processes, and its waits add up past the default 20 s on a busy machine

  it('a relay restarted under a running agent: the agent reconnects, and nothing is lost or run twice', async () => {
    const { relayConfig, agentConfig } = await setUp();
    let relayer = await startRelay(relayConfig);
    const port = Number(new URL(relayer.url).port);
    const agent = await startAgent(agentConfig, relayer.url);
    const ids = Array.from({ length: 30 }, (_, i) => `restart-${i}`);
    for (const id of ids.slice(0, 15)) await relay(relayer.url, id);
    await eventually(() => ran().length >= 3, 15_000); // connected, in the middle of the stream
    await kill(relayer);
    await eventually(() => /relay connection lost \(.+\); reconnecting in [\d.]+ s/.test(agent.output()), 15_000);
    relayer = await startRelay(relayConfig, port);
    for (const id of ids.slice(15)) await relay(relayer.url, id);
    await eventually(() => ran().length >= ids.length, 45_000); // the agent waits up to 30 s between tries
    await eventually(() => unacknowledged().length === 0, 10_000);
    expect(ran()).toEqual(ids);
    expect(agent.output().match(/connected to the relay/g)!.length).toBeGreaterThanOrEqual(2);
  }, 90_000); // the agent's reconnection alone may take 30 s

  it('pulls over HTTPS, through a reverse proxy, from a relay whose certificate the agent trusts', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    const proxy = await tlsProxy(relayer.url);
    await startAgent(agentConfig, proxy.url, token, { NODE_EXTRA_CA_CERTS: proxy.caFile });
    const ids = ['tls-1', 'tls-2', 'tls-3'];
    for (const id of ids) await relay(relayer.url, id);
    await eventually(() => ran().length === ids.length, 15_000);
    await eventually(() => unacknowledged().length === 0, 10_000);
    expect(ran()).toEqual(ids);
  });

  it('pulls over HTTPS through the outbound proxy HTTPS_PROXY names (a CONNECT tunnel), logging it without its password', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    const tls = await tlsProxy(relayer.url);
    const proxy = await outboundProxy();
    const withPassword = proxy.url.replace('//', '//agent:proxy-password@');
    const agent = await startAgent(agentConfig, tls.url, token, { NODE_EXTRA_CA_CERTS: tls.caFile, HTTPS_PROXY: withPassword });
    const ids = ['proxied-1', 'proxied-2'];
    for (const id of ids) await relay(relayer.url, id);
    await eventually(() => ran().length === ids.length, 15_000);
    await eventually(() => unacknowledged().length === 0, 10_000);
    expect(ran()).toEqual(ids);
    // The stream and the acknowledgements went through the tunnel: the proxy saw only CONNECT.
    expect(new Set(proxy.used)).toEqual(new Set([`CONNECT ${new URL(tls.url).host}`]));
    expect(agent.output()).toContain(`the relay is reached through the proxy ${proxy.url}, unless NO_PROXY lists its host`);
    expect(agent.output()).not.toContain('proxy-password');
  });

  it('pulls over plain HTTP through http_proxy (forwarded requests), and straight to the relay when no_proxy lists its host', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    const proxy = await outboundProxy();
    let agent = await startAgent(agentConfig, relayer.url, token, { http_proxy: proxy.url, no_proxy: 'localhost,127.0.0.1' });
    await relay(relayer.url, 'bypass');
    await eventually(() => unacknowledged().length === 0 && ran().length === 1, 15_000);
    expect(proxy.used).toEqual([]);
    await kill(agent, 'SIGTERM'); // a stop that lets the hook's success reach the journal: nothing runs twice

    agent = await startAgent(agentConfig, relayer.url, token, { http_proxy: proxy.url });
    await relay(relayer.url, 'forwarded');
    await eventually(() => unacknowledged().length === 0 && ran().length === 2, 15_000);
    expect(ran()).toEqual(['bypass', 'forwarded']);
    expect(proxy.used).toContain(`GET ${new URL('/relay/deliveries', relayer.url)}`);
    expect(proxy.used).toContain(`POST ${new URL('/relay/deliveries/forwarded/ack', relayer.url)}`);
    expect(proxy.used.filter((line) => line.startsWith('CONNECT'))).toEqual([]);
  }, 60_000); // two agents start, one after the other

  it('streams unacknowledged deliveries in arrival order, wakes on each new one, and sends again after a reconnect what was not acknowledged', async () => {
    const { relayConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    for (const id of ['a', 'b', 'c']) await relay(relayer.url, id);
    const first = await openStream(relayer.url, token);
    expect(first.status).toBe(200);
    await eventually(() => first.deliveries().length === 3);
    expect(first.deliveries()).toMatchObject([
      { seq: '1', id: 'a', event: 'issues' },
      { seq: '2', id: 'b' },
      { seq: '3', id: 'c' },
    ]);
    // The payload exactly as GitHub sent it, with GitHub's headers (and no others).
    const [a] = first.deliveries();
    expect(a!.payload).toBe(JSON.stringify(example('issues')));
    expect(a!.headers).toMatchObject({ 'x-github-event': 'issues', 'x-github-delivery': 'a', 'content-type': 'application/json' });

    expect(await (await acknowledge(relayer.url, 'a')).json()).toEqual({ delivery: 'a', status: 'acknowledged' });
    expect(await (await acknowledge(relayer.url, 'a')).json()).toEqual({ delivery: 'a', status: 'already' });
    expect((await acknowledge(relayer.url, 'nope')).status).toBe(404);
    await relay(relayer.url, 'd'); // arrives on the open stream
    await eventually(() => first.deliveries().some((d) => d.id === 'd'));
    await eventually(() => first.raw().includes(': heartbeat\n\n'), 5_000);
    first.close();

    // Whatever Last-Event-ID says, every unacknowledged delivery comes again: the agent may have crashed before journaling it.
    const second = await openStream(relayer.url, token, '4');
    await eventually(() => second.deliveries().length === 3);
    expect(second.deliveries().map((d) => d.id)).toEqual(['b', 'c', 'd']);
    // GitHub's Redeliver of one an agent took: handed over again, for the agent's journal to judge.
    await relay(relayer.url, 'a');
    await eventually(() => second.deliveries().some((d) => d.id === 'a'));
    // One agent at a time: a new stream ends the one before.
    const third = await openStream(relayer.url, token);
    await eventually(() => second.ended());
    await eventually(() => third.deliveries().length === 4);
    third.close();
    expect(relayer.output()).toMatch(/another agent connected: the earlier stream is ended/);
  });

  it('serves nothing without the token: 401, logged with the client address and never the token', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    await relay(relayer.url, 'guarded');
    const wrong = 'wrong-token-0123456789abc';
    const none = await fetch(new URL('/relay/deliveries', relayer.url));
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'Authorization: Bearer <relay token> required' });
    const stream = await openStream(relayer.url, wrong);
    expect(stream.status).toBe(401);
    await eventually(() => stream.ended());
    expect(stream.raw()).not.toContain('guarded');
    expect((await acknowledge(relayer.url, 'guarded', wrong)).status).toBe(401);
    expect(unacknowledged()).toEqual(['guarded']);
    await eventually(() => (relayer.output().match(/agent refused: 401/g) ?? []).length === 3);
    expect(relayer.output()).toMatch(/"client":"127\.0\.0\.1".*agent refused: 401/);

    // An agent with a wrong token says so, runs nothing, and keeps trying.
    const agent = await startAgent(agentConfig, relayer.url, wrong);
    await eventually(() => /the relay refused the token \(401\)/.test(agent.output()), 10_000);
    expect(ran()).toEqual([]);
    expect(relayer.output() + agent.output()).not.toContain(wrong);
  });

  it('holds an address that guessed the token wrong too often: 429 with Retry-After, unchecked even with the right token; the agent says why', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    await relay(relayer.url, 'guarded');
    for (let i = 0; i < perClient; i++) expect((await acknowledge(relayer.url, 'guarded', `wrong-token-0123456789-${i}`)).status).toBe(401);
    const held = await acknowledge(relayer.url, 'guarded', token);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect((await openStream(relayer.url, token)).status).toBe(429);
    expect(unacknowledged()).toEqual(['guarded']);
    await eventually(() => /"token":"unchecked".*agent refused: 429/.test(relayer.output()));
    expect(relayer.output()).toMatch(/"client":"127\.0\.0\.1".*too many wrong bearer tokens/);
    const agent = await startAgent(agentConfig, relayer.url);
    await eventually(() => /too many wrong tokens \(429\)/.test(agent.output()), 10_000);
    expect(ran()).toEqual([]);
  });

  it('refuses (exit 2) a relay and an agent configured with the same journal_path, whichever opened it first', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    const sharing = join(dir, 'sharing.json');
    await writeFile(sharing, JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, hooks_path: 'hooks', journal_path: 'relay/relay.db' }));
    const agent = await runCli(['serve', '--config', sharing, '--port', '0', '--pull', relayer.url], { GENVOY_PULL_TOKEN: token });
    expect(agent).toMatchObject({ code: 2, output: expect.stringContaining(`journal_path ${join(dir, 'relay', 'relay.db')} is the journal of a genvoy relay; genvoy serve cannot share it`) });
    await relay(relayer.url, 'still-relayed'); // the relay's journal is untouched
    expect(unacknowledged()).toEqual(['still-relayed']);

    await startAgent(agentConfig, 'http://127.0.0.1:9/');
    await writeFile(relayConfig, JSON.stringify({ http_host: '127.0.0.1', github_ips_only: false, journal_path: 'agent/agent.db' }));
    const second = await runCli(['relay', '--config', relayConfig, '--port', '0'], { GENVOY_RELAY_TOKEN: token });
    expect(second).toMatchObject({ code: 2, output: expect.stringContaining(`journal_path ${join(dir, 'agent', 'agent.db')} is the journal of a genvoy serve; genvoy relay cannot share it`) });
  }, 60_000); // four processes, one after the other

  it('refuses to start without a relay token (exit 2), and an agent without one', async () => {
    const { relayConfig, agentConfig } = await setUp();
    const noToken = await runCli(['relay', '--config', relayConfig, '--port', '0'], { GENVOY_RELAY_TOKEN: '' });
    expect(noToken).toMatchObject({ code: 2, output: expect.stringMatching(/no relay token: set GENVOY_RELAY_TOKEN or "relay.tokens"/) });
    const short = await runCli(['relay', '--config', relayConfig, '--port', '0'], { GENVOY_RELAY_TOKEN: 'short' });
    expect(short).toMatchObject({ code: 2, output: expect.stringMatching(/GENVOY_RELAY_TOKEN: a relay token needs at least 16 characters/) });
    await writeFile(relayConfig, JSON.stringify({ relay: { tokens: ['short'] } }));
    const shortInConfig = await runCli(['relay', '--config', relayConfig], { GENVOY_RELAY_TOKEN: '' });
    expect(shortInConfig).toMatchObject({ code: 2, output: expect.stringMatching(/"relay.tokens.0": a relay token needs at least 16 characters/) });
    const agent = await runCli(['serve', '--config', agentConfig, '--pull', 'http://127.0.0.1:9/'], { GENVOY_PULL_TOKEN: '' });
    expect(agent).toMatchObject({ code: 2, output: expect.stringMatching(/--pull needs the relay token: set GENVOY_PULL_TOKEN/) });
    const badUrl = await runCli(['serve', '--config', agentConfig, '--pull', 'relay.example.com'], { GENVOY_PULL_TOKEN: token });
    expect(badUrl).toMatchObject({ code: 2, output: expect.stringMatching(/expected the relay's URL/) });
  }, 60_000); // five processes, one after the other
});

describe('genvoy relay: /metrics and /readyz', () => {
  const metricsToken = 'relay-metrics-token-0123';

  // The readiness answers may be up to a second old: states that change are polled.
  it('counts deliveries and rejections, gauges the backlog (up with deliveries, down with acknowledgements) and the agent, and stays ready without an agent', async () => {
    const { relayConfig } = await setUp();
    // A delivery left from an hour ago, as a relay restarted with a backlog would have.
    const old = new Journal(join(dir, 'relay', 'relay.db'));
    const payload = example('issues');
    await old.accept({ id: 'old', event: 'issues', lane: '', deletesRef: false, payload, json: Buffer.from(JSON.stringify(payload)) }, {}, [{ hook: 'agent', parent: 'agent' }], Date.now() - 3_600_000);
    old.close();
    const relayer = await startRelay(relayConfig, 0, { GENVOY_RELAY_TOKEN: token, GENVOY_METRICS_TOKEN: metricsToken });
    expect((await fetch(new URL('/metrics', relayer.url))).status).toBe(401);
    const metrics = () => scrape(relayer.url, metricsToken);

    let m = await metrics();
    expect(m.value('genvoy_relay_waiting_deliveries')).toBe(1);
    expect(m.value('genvoy_relay_oldest_waiting_seconds')).toBeGreaterThanOrEqual(3600);
    expect(m.value('genvoy_relay_agents_connected')).toBe(0);

    for (const id of ['m1', 'm2']) await relay(relayer.url, id);
    expect((await post(relayer.url, 'issues', example('issues'), { secret: 'not-the-secret' })).status).toBe(403);
    m = await metrics();
    expect(m.value('genvoy_relay_waiting_deliveries')).toBe(3);
    expect(m.value('genvoy_deliveries_total', { event: 'issues', outcome: 'relayed' })).toBe(2);
    expect(m.value('genvoy_rejections_total', { reason: 'signature' })).toBe(1);

    // No agent, deliveries waiting: ready all the same (it keeps taking deliveries), with a warning.
    await eventually(async () => {
      const alone = await readyz(relayer.url, metricsToken);
      expect(alone.status).toBe(200);
      expect(alone.body.checks.journal).toMatchObject({ ok: true, detail: expect.stringMatching(/relay\.db writable$/) });
      expect(alone.body.checks.agent).toMatchObject({ ok: true, detail: expect.stringMatching(/^no agent connected; deliveries waiting: 3, the oldest for \d+ s$/), warning: expect.stringMatching(/no agent connected while 3 deliveries wait/) });
      return true;
    });
    // Without the metrics token, only the checks' names and states.
    expect((await readyz(relayer.url)).body.checks.agent).toEqual({ ok: true });

    const stream = await openStream(relayer.url, token);
    await eventually(() => stream.deliveries().length === 3);
    expect((await metrics()).value('genvoy_relay_agents_connected')).toBe(1);
    await eventually(async () => /^an agent is connected \(since [^)]+\); deliveries waiting: 3/.test((await readyz(relayer.url, metricsToken)).body.checks.agent.detail));

    for (const id of ['old', 'm1']) await acknowledge(relayer.url, id);
    await acknowledge(relayer.url, 'm1');
    await acknowledge(relayer.url, 'nope');
    m = await metrics();
    expect(m.value('genvoy_relay_waiting_deliveries')).toBe(1);
    expect(m.value('genvoy_relay_oldest_waiting_seconds')).toBeLessThan(3600); // m2's age now
    expect(m.value('genvoy_relay_acknowledgements_total', { status: 'acknowledged' })).toBe(2);
    expect(m.value('genvoy_relay_acknowledgements_total', { status: 'already' })).toBe(1);
    expect(m.value('genvoy_relay_acknowledgements_total', { status: 'unknown' })).toBe(1);

    stream.close();
    await eventually(async () => (await metrics()).value('genvoy_relay_agents_connected') === 0);
    await acknowledge(relayer.url, 'm2');
    m = await metrics();
    expect(m.value('genvoy_relay_waiting_deliveries')).toBe(0);
    expect(m.value('genvoy_relay_oldest_waiting_seconds')).toBe(0);
    const idle = await eventually(async () => {
      const answer = await readyz(relayer.url, metricsToken);
      return answer.body.checks.agent.detail === 'no agent connected; no delivery waits' && answer;
    });
    expect(idle).toMatchObject({ status: 200, body: { status: 'ready', checks: { agent: { ok: true } } } });
    expect(idle.body.checks.agent.warning).toBeUndefined();
    expect(relayer.output()).not.toContain(metricsToken);
  });

  it('goes 503 while its journal cannot be written', async () => {
    const { relayConfig } = await setUp();
    const relayer = await startRelay(relayConfig);
    const blocker = new Database(join(dir, 'relay', 'relay.db'));
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      const locked = await readyz(relayer.url);
      expect(locked).toMatchObject({ status: 503, body: { status: 'not ready', checks: { journal: { ok: false } } } });
      blocker.exec('ROLLBACK');
      await eventually(async () => (await readyz(relayer.url)).status === 200);
    } finally {
      blocker.close();
    }
  });
});
