/**
 * Hostile and heavy traffic for a server under test (bench/hostile.ts and the tests of
 * test/hostile/): floods of large POSTs over raw sockets, large signed pushes, and a
 * /healthz prober on a thread of its own, so that the sender's own work never shows in
 * the latencies it measures.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { exampleGroups } from '../src/testing/webhook-examples.ts';
import { sign } from '../src/pipeline/guard/sign-body.ts';

export const MB = 1024 * 1024;

/** How a request ended: its status, or `closed` when the connection closed without an answer. */
export type Ending = number | 'closed';

export interface PostSpec {
  headers: Record<string, string>;
  body: Buffer;
  /** After the body's first `holdAfter` bytes, one byte every `trickleMs` (a slow sender). */
  trickle?: { holdAfter: number; everyMs: number };
}

/**
 * One POST over a fresh TCP connection, written as fast as the server reads it: resolves with
 * the status of the first answer, or `closed`; `timeoutMs` bounds it (then it rejects, as a hang).
 */
export function rawPost(url: string, { headers, body, trickle }: PostSpec, timeoutMs: number): Promise<Ending> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let head = '';
    let done = false;
    const finish = (ending: Ending | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(drip);
      socket.destroy();
      if (ending instanceof Error) reject(ending);
      else resolve(ending);
    };
    let drip: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      head += chunk;
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
      if (status && head.includes('\r\n\r\n')) finish(Number(status));
    });
    // A server that answers and closes before the body is sent resets the connection: the
    // answer, if it came, has been read by then.
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.once('connect', () => {
      const lines = Object.entries({ host: hostname, 'content-length': String(body.length), ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`POST / HTTP/1.1\r\n${lines.join('')}\r\n`);
      if (!trickle) return void socket.write(body);
      socket.write(body.subarray(0, trickle.holdAfter));
      let at = trickle.holdAfter;
      drip = setInterval(() => (at < body.length ? socket.write(body.subarray(at, ++at)) : clearInterval(drip)), trickle.everyMs);
    });
  });
}

/** `count` POSTs at once; resolves with how many ended each way. */
export async function flood(url: string, count: number, spec: PostSpec, timeoutMs: number): Promise<Map<Ending, number>> {
  return tallied(await Promise.all(Array.from({ length: count }, () => rawPost(url, spec, timeoutMs))));
}

/** How many requests ended each way. */
export function tallied(endings: readonly Ending[]): Map<Ending, number> {
  const tally = new Map<Ending, number>();
  for (const ending of endings) tally.set(ending, (tally.get(ending) ?? 0) + 1);
  return tally;
}

/** The headers of a delivery GitHub would send, without its signature. */
export function deliveryHeaders(event: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': randomUUID(), 'user-agent': 'GitHub-Hookshot/bench' };
}

/**
 * A real push (@octokit/webhooks-examples) to `repository`, grown to about `bytes` with
 * copies of its commit, each its own id: a push of many commits, the shape that costs a
 * parser most (many small objects). Signed with `secret`.
 */
export function largePush(bytes: number, secret: string, repository: string): PostSpec {
  const example = exampleGroups()
    .find((group) => group.name === 'push')!
    .examples.find((p) => Array.isArray(p.commits) && p.commits.length > 0 && String(p.ref).startsWith('refs/heads/'))!;
  const commit = (example.commits as Array<Record<string, unknown>>)[0]!;
  const one = Buffer.byteLength(JSON.stringify(commit));
  const commits = Array.from({ length: Math.ceil(bytes / (one + 1)) }, (_, i) => ({ ...commit, id: i.toString(16).padStart(40, '0') }));
  const repo = example.repository as Record<string, unknown>;
  const body = Buffer.from(JSON.stringify({ ...example, commits, repository: { ...repo, name: repository, full_name: `${String(repo.full_name).split('/')[0]}/${repository}` } }));
  return { headers: { ...deliveryHeaders('push'), 'x-hub-signature-256': sign(body, secret) }, body };
}

export interface Prober {
  /** Stops probing; resolves with each probe's latency in ms, in order. */
  stop(): Promise<number[]>;
}

/**
 * GETs `url`/healthz over a fresh connection every `everyMs` (as Docker's and Kubernetes'
 * probes do), one at a time, from a thread of its own; a probe that fails counts as
 * `failedMs`.
 */
export function probeHealthz(url: string, everyMs: number, failedMs = 60_000): Prober {
  const code = `
    const { parentPort, workerData: { url, everyMs, failedMs } } = require('node:worker_threads');
    const { get } = require('node:http');
    let stopped = false;
    const latencies = [];
    parentPort.once('message', () => (stopped = true));
    const probe = () => new Promise((resolve) => {
      const started = performance.now();
      get(url + '/healthz', { agent: false }, (res) => { res.resume(); res.on('end', () => resolve(performance.now() - started)); })
        .on('error', () => resolve(failedMs));
    });
    (async () => {
      while (!stopped) {
        latencies.push(await probe());
        await new Promise((r) => setTimeout(r, everyMs));
      }
      parentPort.postMessage(latencies);
    })();`;
  const worker = new Worker(code, { eval: true, workerData: { url, everyMs, failedMs } });
  return {
    async stop() {
      const latencies = new Promise<number[]>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const result = await latencies;
      await worker.terminate();
      return result;
    },
  };
}
