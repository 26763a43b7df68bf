// Loaded into every test worker (vitest's setupFiles) and, through NODE_OPTIONS=--import, into
// every Node process a test starts (genvoy serve, relay, worker...): a TCP connection to anything
// but this machine is refused, said on stderr and written to GENVOY_TEST_NETWORK_LOG, which the
// global setup's teardown reads to fail the run. Tests must never reach the internet (GitHub's
// meta document, chat webhooks): what they talk to runs on loopback. Plain JavaScript, so that a
// process without tsx can load it; it prints nothing unless a test breaks the rule.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const installed = Symbol.for('genvoy.test.no-network');

/** Whether a host names this machine: loopback, localhost, an unspecified address, a unix socket. */
function onThisMachine(/** @type {string} */ host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === '' ||
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    /^::ffff:127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '::1' ||
    h === '0.0.0.0' ||
    h === '::'
  );
}

/**
 * Where Socket#connect is asked to go: its arguments are ([options, cb]) from net.connect, or
 * (options[, cb]), (path[, cb]), (port[, host][, cb]) from a direct call. Undefined: a unix socket.
 * @param {unknown[]} args
 * @returns {{ host: string, port: unknown } | undefined}
 */
function target(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = /** @type {{ path?: unknown, host?: unknown, port?: unknown }} */ (first);
    if (options.path !== undefined) return undefined;
    return { host: typeof options.host === 'string' ? options.host : 'localhost', port: options.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a path
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

const marks = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
if (!marks[installed]) {
  marks[installed] = true;
  const connect = net.Socket.prototype.connect;
  /** @type {(this: net.Socket, ...args: unknown[]) => net.Socket} */
  const guarded = function (...args) {
    const to = target(args);
    if (to === undefined || onThisMachine(to.host)) return Reflect.apply(connect, this, args);
    const line = `genvoy tests reach no other machine: refused a connection to ${to.host}:${String(to.port)} (pid ${process.pid}: ${process.argv.slice(1).join(' ')})`;
    process.stderr.write(`${line}\n`);
    const log = process.env.GENVOY_TEST_NETWORK_LOG;
    if (log) appendFileSync(log, `${line}\n`);
    const error = Object.assign(new Error(line), { code: 'ECONNREFUSED' });
    process.nextTick(() => this.destroy(error));
    return this;
  };
  net.Socket.prototype.connect = /** @type {typeof connect} */ (/** @type {unknown} */ (guarded));
}
