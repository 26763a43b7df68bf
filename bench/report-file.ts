/**
 * A section of BENCHMARKS.md that one benchmark writes and the other keeps when it rewrites
 * the file: the start-up figures, between two HTML comments.
 */
const begin = '<!-- startup: written by npm run bench:startup -->';
const end = '<!-- /startup -->';

export const startupBlock = {
  /** The section's text, without its markers, if the file has one. */
  get(text: string): string | undefined {
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    return from >= 0 && to > from ? text.slice(from + begin.length, to).trim() : undefined;
  },
  /** The file with the section put in place of the old one, or at the end. */
  put(text: string, block: string): string {
    const marked = `${begin}\n${block}\n${end}`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from >= 0 && to > from) return text.slice(0, from) + marked + text.slice(to + end.length);
    return `${text.trimEnd()}\n\n${marked}\n`;
  },
};
