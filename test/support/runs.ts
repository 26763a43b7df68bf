import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A module hook that appends "<delivery> <hook>" to the `runs` file beside the hooks
 * folder, then behaves as `body` says (a JS statement list; `n` = how many times this hook
 * has run for this delivery, this run included).
 */
export function countingHook(body = ''): string {
  return `import { appendFileSync, readFileSync, existsSync } from 'node:fs';
    const file = import.meta.dirname + '/../runs';
    export async function handle(payload, event, ctx) {
      appendFileSync(file, ctx.delivery + ' ' + ctx.hook + '\\n');
      const n = readFileSync(file, 'utf8').split('\\n').filter((l) => l === ctx.delivery + ' ' + ctx.hook).length;
      ${body}
      return n;
    }`;
}

/** The lines the counting hooks wrote, as [delivery, hook] pairs in order. */
export function runs(dir: string): Array<[string, string]> {
  const file = join(dir, 'runs');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ') as [string, string]);
}
