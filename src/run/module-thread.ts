// A hook thread: runs hook modules (their top level, `when`, `handle` and `dispose`) off
// the thread that answers HTTP, at the word of module-threads.ts. A hook that spins here
// stops only this thread, which genvoy can end.
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateModule } from '../hook-folder/instantiate-module.ts';
import { flushNotices } from '../notify/notify.ts';
import { createLogger } from '../log/logger.ts';
import { runContext } from './hook-context.ts';
import { failed, type HookResult } from './hook-result.ts';
import { hookOf, runModule } from './run-module.ts';
import { ThreadModules } from './thread-modules.ts';
import { BEAT_MS, BEATS, BUSY, GENVOY, type FromThread, type LoadRequest, type RunRequest, type SentError, type ToThread } from './thread-protocol.ts';
import { forgetSourceMap, prepareStackTrace, rememberSourceMap } from './stack-maps.ts';
import { prepareConditions } from './when.ts';

export interface ThreadData {
  /** The modules genvoy provides to hooks ('genvoy'): id → URL. */
  provided: Record<string, string>;
  /** Over a SharedArrayBuffer: BUSY and BEATS. */
  shared: Int32Array;
}

type Exports = Record<string, unknown>;

Error.prepareStackTrace = prepareStackTrace;
const port = parentPort!;
const { provided: urls, shared } = workerData as ThreadData;
const provided: Record<string, unknown> = Object.fromEntries(await Promise.all(Object.entries(urls).map(async ([id, url]) => [id, await import(url)])));
const modules = new ThreadModules();
const send = (message: FromThread) => port.postMessage(message);
// Hooks' log lines go to the main thread, which writes them where genvoy's own lines go.
const root = createLogger('INFO', { write: (line: string) => send({ type: 'log', line }) });

setInterval(() => Atomics.add(shared, BEATS, 1), BEAT_MS).unref();

port.on('message', (message: ToThread) => {
  if (message.type === 'run') void run(message);
  else if (message.type === 'load') load(message);
  else if (message.type === 'unload') unload(message.id, message.file);
  else void close(message.id);
});
send({ type: 'ready' });

async function run(request: RunRequest): Promise<void> {
  const { id, level, delivery, event } = request;
  const current = modules.current(request.file);
  let result: HookResult & { error?: unknown };
  if (current === undefined) {
    result = failed('hook module is not loaded in its thread', performance.now());
  } else if (current instanceof Error) {
    result = failed(`hook module failed to load: ${current.message}`, performance.now());
  } else {
    const payload = JSON.parse(request.json) as object;
    const context = runContext(request, () => {
      if (root.level !== level) root.level = level;
      return root.child({ delivery, event });
    });
    result = await runModule(current, payload, context, request.timeoutMs, (inside) => Atomics.store(shared, BUSY, inside ? id : 0));
  }
  if (result.error === undefined) return send({ type: 'ran', id, result });
  const { error, ...rest } = result;
  send({ type: 'ran', id, result: rest, error: sendable(error) });
}

function load({ id, file, code }: LoadRequest): void {
  let exports: Exports;
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
  send({ type: 'done', id });
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
  // Chat messages held back by a rate limit live in this thread's memory: out they go.
  await flushNotices(root);
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
