import { pino } from 'pino';
import { Writable } from 'node:stream';
import type { HookContext } from '../../src/api/index.ts';

/** A module hook's context for calling a handler directly, its log lines gathered as text. */
export function hookContext(fields: Partial<HookContext> = {}): { context: HookContext; logText: () => string } {
  const lines: string[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  // No octokit: a test that calls the handler directly gives one in `fields` when its hook uses it.
  const context = { delivery: 'test-delivery', event: 'push', hook: 'push', log, signal: new AbortController().signal, ...fields } as HookContext;
  return { context, logText: () => lines.join('') };
}
