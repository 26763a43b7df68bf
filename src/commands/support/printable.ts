/**
 * What a terminal may act on rather than show: C0 controls (ESC starts an escape sequence, CR
 * and LF move the cursor and forge lines), DEL, C1 controls (U+009B is a CSI to some
 * terminals), the bidirectional controls that reorder what is shown (U+202A–U+202E,
 * U+2066–U+2069, the marks U+061C, U+200E, U+200F) and the line and paragraph separators.
 */
export const terminalControls = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const short: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Untrusted text (a payload's, a header's, a hook's) for a terminal, on one line: each control written as an escape, `\n`, `\x1b`, `\u202e`. */
export function printable(text: string): string {
  return text.replace(terminalControls, (c) => short[c] ?? escaped(c));
}

/** Lines of untrusted text (a hook's output), each printable. */
export function printableLines(text: string): string[] {
  return text.split(/\r?\n/).map(printable);
}

function escaped(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
