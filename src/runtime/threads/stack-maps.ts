import { findSourceMap, SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap>();
const inline = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/** Keeps a hook bundle's inline source map, so that its stack frames can name its sources' lines. */
export function rememberSourceMap(file: string, code: string): void {
  const found = inline.exec(code);
  if (found) maps.set(file, new SourceMap(JSON.parse(Buffer.from(found[1]!, 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0]));
  else maps.delete(file);
}

export function forgetSourceMap(file: string): void {
  maps.delete(file);
}

/**
 * Error.prepareStackTrace for a hook thread: frames in a hook bundle point at the line of
 * its .ts source. Node's own source maps do this too, but in a worker thread they now and
 * then gave the bundle's line instead; this does not depend on them.
 */
export function prepareStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
  return [Error.prototype.toString.call(error), ...frames.map((frame) => `    at ${mapped(frame)}`)].join('\n');
}

function mapped(frame: NodeJS.CallSite): string {
  const text = frame.toString();
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!file || line === null || column === null) return text;
  const map = maps.get(file) ?? findSourceMap(file);
  const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return text;
  const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : isAbsolute(entry.originalSource) ? entry.originalSource : resolve(dirname(file), entry.originalSource);
  return text.replace(`${file}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}
