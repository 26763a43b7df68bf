// What the spawner answers for a script, however it was spawned.

/** A script's stdout and stderr are each kept up to this many bytes. */
export const OUTPUT_LIMIT = 1024 * 1024;
export const CUT_NOTE = '\n[output cut at 1 MiB]';

/** @typedef {import('./spawn-protocol.ts').SpawnReply} SpawnReply */

/** @param {string} a @param {string} b */
export function joinLines(a, b) {
  return a ? `${a.replace(/\n$/, '')}\n${b}` : b;
}

/**
 * @param {number} id @param {number} returncode @param {string} stdout @param {string} stderr
 * @param {SpawnReply['status']} status @param {number} started
 * @returns {SpawnReply}
 */
export function reply(id, returncode, stdout, stderr, status, started) {
  return { id, returncode, stdout, stderr, status, duration_ms: Math.round((performance.now() - started) * 1000) / 1000 };
}
