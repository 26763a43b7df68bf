import { clip } from '../text/clip.ts';

/** The parts that are there, one space between, none left dangling: a missing actor or place leaves no "by" or "in". */
export function sentence(...parts: Array<string | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ').replace(/\s+/g, ' ').trim();
}

/** A subject in quotes, on one line and at most 80 characters: a title names it, the card links to it. */
export function quoted(subject: string | undefined): string | undefined {
  const line = subject?.replace(/\s+/g, ' ').trim();
  return line ? `"${clip(line, 80)}"` : undefined;
}

/**
 * `in Codertocat/Hello-World`, or nothing when the place is unknown. (Callers write the word from in
 * backticks: between quotes it reads as an import specifier to test/cli/init's scan of dist/.)
 */
export function inPlace(where: string | undefined, preposition = 'in'): string | undefined {
  return where ? `${preposition} ${where}` : undefined;
}

/** `1 star`, `16 stars`: the count with the noun in the number it takes. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** A payload key in words: `pull_request_review` → `pull request review`, `closed_by_user` → `closed by user`. */
export function words(key: string): string {
  return key.replace(/[_-]+/g, ' ').trim();
}

/** `refs/heads/main` → `main`, `refs/tags/v1` → `v1`. */
export function shortRef(ref: string | undefined): string | undefined {
  return ref?.replace(/^refs\/(heads|tags)\//, '');
}

/** The first line of a commit message, cut to 72 characters as git's own tools show it. */
export function subjectLine(message: string | undefined): string {
  return clip((message ?? '').split('\n')[0]!.trim(), 72);
}
