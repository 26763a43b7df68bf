/**
 * The original's HTML in a message as genvoy's two marks: `<b>` → `**bold**`, `<a href=…>` →
 * `[label](url)`, `<br>` → a new line; `<i>`, for which there is no mark, is left off. Any
 * other tag stays as written (genvoy then shows it as text) and is named in `kept`.
 */
export function htmlToMarks(html: string): { text: string; kept: string[] } {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:b|strong)>/gi, '**')
    .replace(/<\/?(?:i|em)>/gi, '')
    // The original's samples double a quote now and then (`href='…''>`).
    .replace(/<a\s+href\s*=\s*(['"])(.*?)\1+\s*>(.*?)<\/a>/gis, (_, _quote: string, url: string, label: string) => `[${label}](${url})`);
  return { text, kept: [...new Set(text.match(/<\/?[A-Za-z][^>]*>/g) ?? [])] };
}
