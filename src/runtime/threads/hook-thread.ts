// A hook thread: runs hook modules (their top level, `when`, `handle` and `dispose`) off
// the thread that answers HTTP, at the word of thread-pool.ts. A hook that spins here
// stops only this thread, which genvoy can end.
import { parentPort, workerData } from 'node:worker_threads';
import type { GitHubClient } from '../../api/index.ts';
import { prepareConditions } from '../../base/expression.ts';
import { createLogger } from '../../base/logger.ts';
import type { GitHubConnection } from '../../config/schema.ts';
import { instantiateModule } from '../hook-folder/instantiate-module.ts';
import { failed, type HookResult } from '../../pipeline/answer/hook-result.ts';
import { pinsOf } from '../../pipeline/route/pinned-reading.ts';
import { deferredClient } from './deferred-client.ts';
import { runContext } from './hook-context.ts';
import { LoadedModules } from './loaded-modules.ts';
import { hookOf, runModule } from './run-module.ts';
import { forgetSourceMap, prepareStackTrace, rememberSourceMap } from './stack-maps.ts';
import { BEAT_MS, BEATS, BUSY, GENVOY, type FromThread, type LoadRequest, type RunRequest, type SentError, type ToThread } from './thread-protocol.ts';

export interface ThreadData {
  /** The modules genvoy provides to hooks ('genvoy', 'genvoy/notify'): id → URL. */
  provided: Record<string, string>;
  /** Over a SharedArrayBuffer: BUSY and BEATS. */
  shared: Int32Array;
  /** How context.octokit reaches GitHub (a 'github' message changes it). */
  github: GitHubConnection;
}

type Exports = Record<string, unknown>;

Error.prepareStackTrace = prepareStackTrace;
const port = parentPort!;
const { provided: urls, shared } = workerData as ThreadData;
let connection = (workerData as ThreadData).github;
/** GitHub's client, loaded with the first module that names `octokit`: a thread whose hooks never use it loads no @octokit package. */
let github: typeof import('../../github/hook-client.ts') | undefined;
/** The provided modules imported so far: each when a hook first needs it. */
const provided: Record<string, Exports> = {};
/** Loads, unloads and the close, in the order sent; a run waits for those before it. */
let pending: Promise<void> | undefined;
const modules = new LoadedModules();
const send = (message: FromThread) => port.postMessage(message);
// Hooks' log lines go to the main thread, which writes them where genvoy's own lines go.
const root = createLogger('INFO', { write: (line: string) => send({ type: 'log', line }) });

setInterval(() => Atomics.add(shared, BEATS, 1), BEAT_MS).unref();

port.on('message', (message: ToThread) => {
  if (message.type === 'run') void (pending ? pending.then(() => run(message)) : run(message));
  else if (message.type === 'load') inOrder(() => load(message));
  else if (message.type === 'unload') inOrder(() => unload(message.id, message.file));
  else if (message.type === 'github') connection = message.connection;
  else inOrder(() => close(message.id));
});

send({ type: 'ready' });

function inOrder(step: () => void | Promise<void>): void {
  const done: Promise<void> = (pending ?? Promise.resolve()).then(step).finally(() => {
    if (pending === done) pending = undefined;
  });
  pending = done;
}

async function run(request: RunRequest): Promise<void> {
  const { id, level, delivery, event } = request;
  const current = modules.current(request.file);
  let result: HookResult & { error?: unknown };
  if (current === undefined) {
    result = failed('hook module is not loaded in its thread', performance.now());
  } else if (current instanceof Error) {
    result = failed(`hook module failed to load: ${current.message}`, performance.now());
  } else {
    const { json } = request;
    const payload = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')) as object;
    const context = runContext(
      request,
      () => {
        if (root.level !== level) root.level = level;
        return root.child({ delivery, event });
      },
      (ctx) => octokitFor(payload, ctx.signal, ctx.log),
    );
    result = await runModule(current, payload, context, request.timeoutMs, (inside) => Atomics.store(shared, BUSY, inside ? id : 0));
  }
  if (result.error === undefined) return send({ type: 'ran', id, result });
  const { error, ...rest } = result;
  send({ type: 'ran', id, result: rest, error: sendable(error) });
}

/** The real client once loaded; before, a stand-in that loads it at its first call (a module that reached it without naming it). */
function octokitFor(payload: object, signal: AbortSignal, log: typeof root): GitHubClient {
  if (github) return github.hookClient(connection, payload, signal, log);
  return deferredClient(async () => (github ??= await import('../../github/hook-client.ts')).hookClient(connection, payload, signal, log));
}

async function load({ id, file, code, needs }: LoadRequest): Promise<void> {
  let exports: Exports;
  try {
    for (const need of needs) provided[need] ??= (await import(urls[need]!)) as Exports;
    if (!github && /\boctokit\b/.test(code)) {
      Atomics.store(shared, BUSY, GENVOY);
      try {
        github = await import('../../github/hook-client.ts');
      } finally {
        Atomics.store(shared, BUSY, 0);
      }
    }
  } catch (err) {
    modules.failed(file, err instanceof Error ? err : new Error(String(err)));
    return send({ type: 'done', id, error: `cannot load ${needs.join(', ')}: ${(err as Error).message}` });
  }
  Atomics.store(shared, BUSY, id);
  try {
    rememberSourceMap(file, code);
    exports = instantiateModule(file, code, provided);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    modules.failed(file, error);
    return send({ type: 'done', id, error: error.message });
  } finally {
    Atomics.store(shared, BUSY, 0);
  }
  if (typeof hookOf(exports).when === 'string') {
    Atomics.store(shared, BUSY, GENVOY);
    prepareConditions();
    Atomics.store(shared, BUSY, 0);
  }
  const replaced = modules.loaded(file, exports);
  if (replaced) void dispose(id, file, replaced);
  send({ type: 'done', id, pins: pinsOf(hookOf(exports)).pins, ordered: hookOf(exports).ordered !== false });
}

/** Answers once dispose() has returned, without waiting for a promise it returns. */
function unload(id: number, file: string): void {
  const good = modules.remove(file);
  forgetSourceMap(file);
  if (good) void dispose(id, file, good);
  send({ type: 'done', id });
}

async function close(id: number): Promise<void> {
  await Promise.all(modules.clear().map(([file, exports]) => dispose(id, file, exports)));
  // A provided library may hold work in this thread's memory (chat messages held back by a rate limit): out it goes.
  for (const library of new Set(Object.values(provided).map((m) => m.onThreadClose))) {
    if (typeof library === 'function') await (library as (log: typeof root) => Promise<void>)(root);
  }
  send({ type: 'done', id });
}

async function dispose(id: number, file: string, exports: Exports): Promise<void> {
  const fn = exports.dispose ?? (exports.default as Exports | undefined)?.dispose;
  if (typeof fn !== 'function') return;
  try {
    let returned: unknown;
    Atomics.store(shared, BUSY, id);
    try {
      returned = fn();
    } finally {
      Atomics.store(shared, BUSY, 0);
    }
    await returned;
  } catch (err) {
    send({ type: 'event', fields: { file, error: (err as Error)?.message ?? String(err) }, msg: 'hook module dispose() failed' });
  }
}

function sendable(error: unknown): SentError {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: 'Error', message: String(error), stack: undefined };
}
