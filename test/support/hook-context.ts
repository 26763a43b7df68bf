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
  const context: HookContext = {
    delivery: 'test-delivery',
    event: 'push',
    hook: 'push',
    log,
    signal: new AbortController().signal,
    get octokit(): never {
      throw new Error('no GitHub client in this test: pass one as octokit');
    },
    ...fields,
  };
  return { context, logText: () => lines.join('') };
}
