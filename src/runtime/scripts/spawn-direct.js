// Spawns a legacy script from the spawner's own Node process: the way when there is no python3
// for spawn-coprocess.js. The script's output comes back through pipes.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CUT_NOTE, joinLines, OUTPUT_LIMIT, reply } from './spawn-reply.js';

const DRAIN_MS = 200;

/** @typedef {import('./spawn-protocol.ts').SpawnRequest} SpawnRequest */
/** @typedef {import('./spawn-protocol.ts').SpawnReply} SpawnReply */

/**
 * @param {NodeJS.ProcessEnv} baseEnv
 * @returns {(request: SpawnRequest, payloadFile: string, started: number) => Promise<SpawnReply>}
 */
export function directSpawner(baseEnv) {
  return (request, payloadFile, started) =>
    new Promise((resolve) => {
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
  return () => Buffer.concat(chunks).toString('utf8', 0, OUTPUT_LIMIT) + (cut ? CUT_NOTE : '');
}
