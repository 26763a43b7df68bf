import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failed, skipped, type HookResult } from '../pipeline/answer/hook-result.ts';
import { toDelivery } from '../pipeline/parse/delivery.ts';
import { classify } from '../pipeline/route/hook-file.ts';
import { routeDelivery } from '../pipeline/route/route-delivery.ts';
import type { ChildRule } from '../pipeline/route/route.ts';
import { bundleModule } from '../runtime/hook-folder/bundle-module.ts';
import { instantiateModule } from '../runtime/hook-folder/instantiate-module.ts';
import type { RunContext } from '../runtime/threads/hook-context.ts';
import { runModule } from '../runtime/threads/run-module.ts';
import { prepareStackTrace, rememberSourceMap } from '../runtime/threads/stack-maps.ts';
import { hookModules } from '../server/hook-modules.ts';
import { capturedLog, type LogLine } from './captured-log.ts';
import { hookOctokit, type OctokitOptions } from './hook-octokit.ts';

export interface RunHookOptions extends OctokitOptions {
  /** X-GitHub-Delivery, the hook's `context.delivery`; a new id by default. */
  delivery?: string;
  /** When `context.signal` is aborted and the run counts as timed out; 30 000 (genvoy's `hook_timeout_s`) by default. */
  timeoutMs?: number;
  /** genvoy's `child_hooks`: how the file's name is read, `plus` by default. */
  childHooks?: ChildRule;
}

/** A hook's result as genvoy's answer shows it, plus what a test wants besides. */
export interface HookRun extends HookResult {
  /** What `handle` returned, as the answer carries it: `stdout` parsed back from JSON. */
  value?: unknown;
  /** What the hook threw, when it threw (its message is `stderr`). */
  error?: unknown;
  /** The lines the hook logged with `context.log`, in order. */
  logs: LogLine[];
}

/**
 * Runs a hook file (a path from the current folder, or a file: URL) as genvoy would run it
 * for one delivery, in this process: bundled with its helpers by esbuild, `genvoy`,
 * `genvoy/notify` and `genvoy/push` from this genvoy; skipped where its file name, its `repository` or `branch`, or its `when` says so; then `handle`.
 * A hook that throws, times out or fails to load gives a result saying so: runHook throws
 * only for a file that is no hook module.
 */
export async function runHook(file: string | URL, event: string, payload: object, options: RunHookOptions = {}): Promise<HookRun> {
  const path = file instanceof URL ? fileURLToPath(file) : resolve(file);
  const hook = classify(basename(path), false);
  if (hook?.kind !== 'module') throw new Error(`runHook: ${path} is not a hook module (a .ts, .mts, .js or .mjs file whose name starts with neither "." nor "_")`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const json = Buffer.from(JSON.stringify(payload));
  const delivery = toDelivery({ event, id: options.delivery ?? randomUUID() }, payload as Record<string, unknown>, json);
  const { log, lines } = capturedLog();
  const started = performance.now();

  if (routeDelivery([hook.name], delivery, options.childHooks ?? 'plus').length === 0) {
    return { ...skipped(`name: genvoy does not run ${hook.name} for this delivery (${describe(delivery)})`, started), logs: lines };
  }
  let exports: Record<string, unknown>;
  try {
    exports = await load(path);
  } catch (err) {
    return { ...failed(`hook module failed to load: ${(err as Error).message}`, started), error: err, logs: lines };
  }
  const controller = new AbortController();
  const context: RunContext = {
    delivery: delivery.id,
    event,
    action: delivery.action,
    repository: delivery.repository,
    branch: delivery.branch,
    hook: hook.name,
    log,
    signal: controller.signal,
    octokit: hookOctokit(options, controller.signal, log),
    abort: (reason) => controller.abort(reason),
  };
  const result = await runModule(exports, JSON.parse(json.toString('utf8')) as object, context, timeoutMs, () => {});
  if (result.error instanceof Error) withHookLines(result.error);
  return { ...result, ...(result.stdout === '' ? {} : { value: parsed(result.stdout) }), logs: lines };
}

/** The module's exports: bundled as genvoy bundles it, run with the modules genvoy provides to hooks. */
async function load(file: string): Promise<Record<string, unknown>> {
  const { code, needs } = await bundleModule(file, Object.keys(hookModules));
  const provided: Record<string, unknown> = {};
  for (const need of needs) provided[need] = await import(hookModules[need]!);
  rememberSourceMap(file, code);
  return instantiateModule(file, code, provided);
}

/**
 * Formats the error's stack (V8 does so when it is first read) with frames at the lines of
 * the hook's .ts sources, as in a hook thread: test runners put their own source maps
 * before Node's, which know nothing of a bundle made here.
 */
function withHookLines(error: Error): void {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = prepareStackTrace;
  try {
    void error.stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
}

function describe({ event, repository, branch }: { event: string; repository?: string; branch?: string }): string {
  return [`event ${event}`, repository && `repository "${repository}"`, branch && `branch "${branch}"`].filter(Boolean).join(', ');
}

function parsed(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined; // "(return value not serialisable: …)"
  }
}
