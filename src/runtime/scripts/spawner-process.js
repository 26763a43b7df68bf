// Spawns legacy hook scripts for genvoy, in a small process of its own. A spawn from Node forks
// the calling process, which blocks it for a time that grows with its size: from here it
// neither holds up the thread that answers HTTP nor pays for genvoy's memory. The spawning
// itself is left to a Python process that spawns without forking (spawn-coprocess.js), or
// done here when there is no python3 (spawn-direct.js). Plain JavaScript: it starts without
// a TypeScript loader.
import { randomUUID } from 'node:crypto';
import { unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCoprocess } from './spawn-coprocess.js';
import { directSpawner } from './spawn-direct.js';
import { reply } from './spawn-reply.js';

/** @typedef {import('./spawn-protocol.ts').SpawnRequest} SpawnRequest */
/** @typedef {import('./spawn-protocol.ts').SpawnReply} SpawnReply */

// Scripts get genvoy's environment (without its secret, which genvoy leaves out when it
// starts this process) plus the delivery's GENVOY_* variables.
const baseEnv = { ...process.env };
const coprocess = startCoprocess(baseEnv);
const execute = coprocess.then((co) => co?.execute ?? directSpawner(baseEnv));
void coprocess.then((co) => process.send?.(/** @type {import('./spawn-protocol.ts').SpawnerReady} */ ({ mode: co ? 'coprocess' : 'direct' })));

let running = 0;
let stopping = false;

process.on('message', (/** @type {SpawnRequest | 'stop'} */ request) => {
  if (request === 'stop') return stop();
  running++;
  void run(request).then((reply) => {
    running--;
    if (process.connected) process.send?.(reply);
    if (stopping && running === 0) void exit();
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
  if (running === 0) void exit();
}

async function exit() {
  (await coprocess)?.close();
  process.exit(0);
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
    return await (await execute)(request, payloadFile, started);
  } catch (err) {
    return reply(request.id, 127, '', `cannot run: ${/** @type {Error} */ (err).message}`, 'failed', started);
  } finally {
    try {
      unlinkSync(payloadFile);
    } catch {}
  }
}
