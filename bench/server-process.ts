import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

export interface ServerSpec {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** For a server that prints no `listening on` line: its URL, ready once its port takes a connection. */
  url?: string;
}

export interface RunningServer {
  url: string;
  pid: number;
  /** If the server exited without being stopped: how, and its last output lines. */
  lost(): string | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;

const children = new Set<ChildProcess>();
/** Children asked to stop: their exit is expected, not a loss. */
const stopping = new WeakSet<ChildProcess>();

// Last resort: however the bench ends (an error, Ctrl-C, process.exit), no server outlives it.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Starts a server as a child process and waits for its `listening on URL` line
 * (genvoy and the yardstick both print one; port 0 lets them pick a free port).
 */
export async function startServer(name: string, spec: ServerSpec): Promise<RunningServer> {
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const tail: string[] = [];
  let lost: string | undefined;
  child.once('exit', (code, signal) => {
    if (!stopping.has(child)) lost = `exited (${signal ?? `code ${code}`}) while under test; its last output:\n${tail.join('\n')}`;
  });
  try {
    const url = spec.url === undefined ? await listeningUrl(child, tail) : await accepting(child, spec.url, tail);
    return { url, pid: child.pid!, lost: () => lost, stop: () => stop(child) };
  } catch (err) {
    await stop(child);
    throw new Error(`${name} did not start: ${(err as Error).message}\n${tail.join('\n')}`);
  }
}

/** Stops every server still running. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...children].map(stop));
}

/**
 * Resolves with the URL from the `listening on` line. Both output streams are read to the end,
 * since a full pipe would stall the server mid-benchmark; the last lines are kept for errors.
 */
function listeningUrl(child: ChildProcess, tail: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${signal ?? `code ${code}`}) before listening`));
    });
  });
}

/** Resolves with `url` once its port takes a connection; the output is kept as listeningUrl keeps it. */
async function accepting(child: ChildProcess, url: string, tail: string[]): Promise<string> {
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  createInterface({ input: child.stdout! }).on('line', keep);
  createInterface({ input: child.stderr! }).on('line', keep);
  const { hostname, port } = new URL(url);
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.signalCode ?? `code ${child.exitCode}`}) before listening`);
    if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`${url} took no connection within ${START_TIMEOUT_MS / 1000} s`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return url;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM (genvoy then finishes in-flight deliveries), SIGKILL if it takes too long. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  stopping.add(child);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
