/**
 * The author's Markdown (GitHub-flavoured) as the plain text a reader sees on GitHub: headings,
 * emphasis, links and images as their text, code as its content, list items with a bullet,
 * table rows as cells, HTML tags and comments dropped. Entities stay as typed: the targets
 * show `&amp;` as `&amp;`, and nothing here decodes one into markup.
 */
export function markdownToPlain(markdown: string): string {
  const lines = markdown.replace(/\u0000/g, '').replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?(?:-->|$)/g, '').split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of lines) {
    if (fence !== undefined) {
      if (raw.trim().startsWith(fence)) fence = undefined;
      else out.push(raw.trimEnd());
      continue;
    }
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    const line = blockLine(raw, out);
    if (line !== undefined) out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** One line outside code: its block marks taken off, its inline marks turned to text; undefined drops it. */
function blockLine(raw: string, out: string[]): string | undefined {
  if (/^\s{4,}\S/.test(raw) && !/^\s*([-*+]|\d+[.)])\s/.test(raw)) return raw.trim(); // indented code
  let line = raw.trim();
  while (line.startsWith('>')) line = line.slice(1).trimStart();
  if (/^([-*_])(\s*\1){2,}$/.test(line)) return undefined; // a rule
  if (/^=+$/.test(line) || (/^-+$/.test(line) && out.at(-1))) return undefined; // a setext heading's underline
  if (/^\[[^\]]+\]:\s*\S+/.test(line)) return undefined; // a link reference definition
  if (/^\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?$/.test(line)) return undefined; // a table's header rule
  line = line.replace(/^#{1,6}\s+(.*?)(\s+#+)?$/, '$1');
  line = line.replace(/^[-*+]\s+\[[ xX]\]\s+/, '• ').replace(/^[-*+]\s+/, '• ');
  if (/^\|.*\|$/.test(line)) line = line.slice(1, -1).split('|').map((cell) => cell.trim()).join(' · ');
  return inline(line);
}

/**
 * Inline marks as text. Code spans and backslash-escaped characters are set aside first, in one
 * pass from the left (an escaped backtick opens no code span): no other rule touches them.
 */
function inline(text: string): string {
  const code: string[] = [];
  const aside = (literal: string) => `\u0000${code.push(literal) - 1}\u0000`;
  let out = text.replace(/\\([!-/:-@[-`{-~])|(`+)([\s\S]*?[^`])\2(?!`)/g, (_, escaped: string | undefined, _ticks: string, content: string) => aside(escaped ?? content.trim()));
  out = out
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images: their alt text
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, '$1') // links: their text
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^\s<>]+)>/g, '$1') // autolinks
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/g, '') // HTML tags, their text stays
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => code[Number(i)]!);
}
