import { terminalControls } from './printable.ts';

/** Deeper than this, nesting stays on one line: a 100,000-deep payload is not 100,000 lines of indentation. */
const laidOutDepth = 32;

/**
 * JSON text laid out as `JSON.stringify(value, null, 2)` lays it out, from the text itself,
 * never parsed: in one loop, so that no depth overflows the stack (JSON.stringify does, some
 * thousands of levels down, on a payload the server accepted), and a huge string is copied
 * once. Inside strings, what a terminal acts on and JSON leaves raw (DEL, C1 and bidi
 * controls, U+2028) is written as a `\u` escape: the JSON means the same. `text` must be
 * valid JSON (a journaled payload, or JSON.stringify's).
 */
export function prettyJson(text: string): string {
  const out: string[] = [];
  let depth = 0;
  const newline = () => out.push(`\n${'  '.repeat(depth)}`);
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out.push(text.slice(i, end).replace(terminalControls, (control) => `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`));
      i = end;
    } else if (c === '{' || c === '[') {
      const next = skipSpace(text, i + 1);
      if (text[next] === (c === '{' ? '}' : ']')) {
        out.push(c === '{' ? '{}' : '[]');
        i = next + 1;
      } else {
        out.push(c);
        depth++;
        if (depth <= laidOutDepth) newline();
        i = next;
      }
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth < laidOutDepth) newline();
      out.push(c);
      i++;
    } else if (c === ',') {
      out.push(',');
      if (depth <= laidOutDepth) newline();
      i++;
    } else if (c === ':') {
      out.push(depth <= laidOutDepth ? ': ' : ':');
      i++;
    } else {
      // A number, true, false or null: up to the next delimiter.
      let end = i + 1;
      while (end < text.length && !/[\s,:\]}]/.test(text[end]!)) end++;
      out.push(text.slice(i, end));
      i = end;
    }
    i = skipSpace(text, i);
  }
  return out.join('');
}

/** Past the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}
