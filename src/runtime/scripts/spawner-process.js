// Spawns legacy hook scripts for genvoy, in a small process of its own. A spawn forks the
// calling process, which blocks it for a time that grows with its size: from here it
// neither holds up the thread that answers HTTP nor pays for genvoy's memory, and two
// such processes fork in parallel. Plain JavaScript: it starts without a TypeScript loader.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { unlinkSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

const OUTPUT_LIMIT = 1024 * 1024;
const DRAIN_MS = 200;

/** @typedef {import('./spawn-protocol.ts').SpawnRequest} SpawnRequest */
/** @typedef {import('./spawn-protocol.ts').SpawnReply} SpawnReply */

// Scripts get genvoy's environment (without its secret, which genvoy leaves out when it
// starts this process) plus the delivery's GENVOY_* variables.
const baseEnv = { ...process.env };

let running = 0;
let stopping = false;

process.on('message', (/** @type {SpawnRequest | 'stop'} */ request) => {
  if (request === 'stop') return stop();
  running++;
  void run(request).then((reply) => {
    running--;
    if (process.connected) process.send?.(reply);
    if (stopping && running === 0) process.exit(0);
  });
});

// genvoy stops this process by saying "stop" (or by dying, which closes the channel): the
// scripts still running finish first, each within its timeout, and their answers go out.
// Signals are genvoy's to act on: a Ctrl-C reaches the whole process group, and genvoy's
// graceful stop waits for the scripts.
process.on('disconnect', stop);
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

function stop() {
  stopping = true;
  if (running === 0) process.exit(0);
}

/**
 * The payload goes to a temporary file whose path is the first argument, the event name
 * the second (as in the original); the file is removed afterwards. No shell is involved.
 * @param {SpawnRequest} request
 * @returns {Promise<SpawnReply>}
 */
async function run(request) {
  const started = performance.now();
  const payloadFile = join(tmpdir(), `genvoy-${randomUUID()}.json`);
  try {
    writeFileSync(payloadFile, request.payload, { mode: 0o600 });
    return await execute(request, payloadFile, started);
  } catch (err) {
    return reply(request.id, 127, '', `cannot run: ${/** @type {Error} */ (err).message}`, 'failed', started);
  } finally {
    try {
      unlinkSync(payloadFile);
    } catch {}
  }
}

/**
 * @param {SpawnRequest} request
 * @param {string} payloadFile
 * @param {number} started
 * @returns {Promise<SpawnReply>}
 */
function execute(request, payloadFile, started) {
  return new Promise((resolve) => {
    // detached: the script leads its own process group, so a timeout ends its children too.
    const child = spawn(request.file, [payloadFile, request.event], {
      env: { ...baseEnv, ...request.vars },
      cwd: request.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, request.timeoutMs);
    // A child that left the process group may hold the pipes open after the script is gone:
    // once the script exits, its output gets a moment to drain, then the pipes are closed.
    /** @type {NodeJS.Timeout | undefined} */
    let drain;
    child.once('exit', () => {
      clearTimeout(timer);
      drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, DRAIN_MS);
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      const code = /** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT' ? 127 : 126;
      resolve(reply(request.id, code, '', `cannot run ${request.file}: ${err.message}`, 'failed', started));
    });
    child.once('close', (code, signal) => {
      clearTimeout(drain);
      if (timedOut) {
        const note = `killed after ${request.timeoutMs / 1000} s (hook_timeout_s)`;
        resolve(reply(request.id, -9, stdout(), joinLines(stderr(), note), 'timeout', started));
        return;
      }
      // Killed by a signal: -N, as Python's subprocess (and so the original) reported it.
      const returncode = code ?? -(signal ? constants.signals[signal] : 1);
      resolve(reply(request.id, returncode, stdout(), stderr(), returncode === 0 ? 'ok' : 'failed', started));
    });
  });
}

/**
 * @param {import('node:stream').Readable} stream
 * @returns {() => string}
 */
function collect(stream) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  let cut = false;
  stream.on('data', (/** @type {Buffer} */ chunk) => {
    if (size >= OUTPUT_LIMIT) {
      cut = true;
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8', 0, OUTPUT_LIMIT) + (cut ? '\n[output cut at 1 MiB]' : '');
}

/** @param {string} a @param {string} b */
function joinLines(a, b) {
  return a ? `${a.replace(/\n$/, '')}\n${b}` : b;
}

/**
 * @param {number} id @param {number} returncode @param {string} stdout @param {string} stderr
 * @param {SpawnReply['status']} status @param {number} started
 * @returns {SpawnReply}
 */
function reply(id, returncode, stdout, stderr, status, started) {
  return { id, returncode, stdout, stderr, status, duration_ms: Math.round((performance.now() - started) * 1000) / 1000 };
}
