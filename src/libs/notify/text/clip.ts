const ellipsis = '…';

/**
 * Text cut to `max` characters (code points), with an ellipsis when cut: at the last word
 * break when one is near the end, so that no word is left in halves.
 */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, Math.max(0, max - 1)).join('');
  const space = head.search(/\s\S*$/);
  const atWord = space > head.length * 0.7 ? head.slice(0, space) : head;
  return atWord.trimEnd() + ellipsis;
}
