import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every relative link and image in the README, CONTRIBUTING.md and docs/ leads to a file that
// exists, and a `#anchor` into a Markdown file to one of its headings. Reads only.

const root = resolve(import.meta.dirname, '../..');

/** README.md, CONTRIBUTING.md and every .md under docs/, relative to the repository's root. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}

/** A file's lines with fenced code blocks blanked; line numbers stay as they were. */
function linesOutsideFences(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      return '';
    }
    if (opener) fence = opener;
    return opener ? '' : line;
  });
}

/** Those lines with inline code spans blanked too, so that `[label](url)` in an example is no link. */
function proseLines(text: string): string[] {
  return linesOutsideFences(text).map((line) => line.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, (span) => ' '.repeat(span.length)));
}

interface Link {
  line: number;
  target: string;
}

/** Inline links and images: `[x](path)`, `[x](path#anchor)`, `![x](path "title")`, `[x](<path>)`. */
function findLinks(text: string): Link[] {
  const links: Link[] = [];
  const pattern = /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(?:<([^>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
  proseLines(text).forEach((line, index) => {
    for (const match of line.matchAll(pattern)) links.push({ line: index + 1, target: match[1] ?? match[2] ?? '' });
  });
  return links;
}

/** GitHub's anchor for a heading: lowercase, punctuation other than - and _ removed, spaces as -. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading counts by its text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings, with GitHub's -1, -2 … for repeated ones. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const line of linesOutsideFences(text)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading.trim());
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count ? `${base}-${count}` : base);
  }
  return found;
}

/** What is wrong with each relative link of a file: `file:line: target: why`. */
function brokenLinks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const { line, target } of findLinks(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const hash = target.indexOf('#');
    const path = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const into = path ? join(dirname(join(root, file)), path) : join(root, file);
    const where = `${file}:${line}: ${target}`;
    if (!target) problems.push(`${where}: an empty link`);
    else if (!existsSync(into)) problems.push(`${where}: ${relative(root, into)} does not exist`);
    else if (anchor !== undefined && into.endsWith('.md') && !anchors(readFileSync(into, 'utf8')).has(anchor))
      problems.push(`${where}: ${relative(root, into)} has no heading "#${anchor}"`);
  }
  return problems;
}

describe('links in the documentation', () => {
  const files = markdownFiles();

  it('are found in README.md, CONTRIBUTING.md and docs/', () => {
    expect(files).toContain('docs/README.md');
    for (const file of files) expect(existsSync(join(root, file)), file).toBe(true);
    // The README links into docs/: a finder that found nothing would pass everything.
    expect(findLinks(readFileSync(join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(10);
  });

  it.each(files)('%s: every relative link and image leads to a file, and each #anchor to a heading', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });
});

describe('the link finder', () => {
  it('finds links and images, with their line, but none in code', () => {
    const text = [
      'See [Hooks](guides/hooks.md) and [the answer](guides/hooks.md#the-answer).',
      '![The web page](ui.png "a title") [`genvoy replay`](reliability.md#replay)',
      'In code: `[label](url)` and ``a `[b](c)` d``, [x](<with space.md>)',
      '```json',
      '"message": "[#{pull_request/number}]({pull_request/html_url})"',
      '```',
      '[Wikipedia](https://en.wikipedia.org/wiki/Foo_(bar)) [mail](mailto:a@example.com) [here](#hot-reload)',
    ].join('\n');
    expect(findLinks(text)).toEqual([
      { line: 1, target: 'guides/hooks.md' },
      { line: 1, target: 'guides/hooks.md#the-answer' },
      { line: 2, target: 'ui.png' },
      { line: 2, target: 'reliability.md#replay' },
      { line: 3, target: 'with space.md' },
      { line: 7, target: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { line: 7, target: 'mailto:a@example.com' },
      { line: 7, target: '#hot-reload' },
    ]);
  });

  it("makes GitHub's anchors of headings", () => {
    expect(slug('Which hooks run, and in which order')).toBe('which-hooks-run-and-in-which-order');
    expect(slug('/healthz and /readyz')).toBe('healthz-and-readyz');
    expect(slug('The guarantee: at least once, the delivery id as idempotency key')).toBe(
      'the-guarantee-at-least-once-the-delivery-id-as-idempotency-key',
    );
    expect(slug('config/notify.json')).toBe('confignotifyjson');
    expect(slug('genvoy deliveries, genvoy show')).toBe('genvoy-deliveries-genvoy-show');
    expect(slug('snake_case and kebab-case')).toBe('snake_case-and-kebab-case');
    expect([...anchors('# A\n## Notes\n```\n# not a heading\n```\n### Notes\n## The `when` export ##\n')]).toEqual([
      'a',
      'notes',
      'notes-1',
      'the-when-export',
    ]);
  });
});
