import { describe, expect, it } from 'vitest';
import { clip } from '../../src/libs/notify/text/clip.ts';
import { excerpt } from '../../src/libs/notify/text/excerpt.ts';
import { withoutInvisible } from '../../src/libs/notify/text/invisible.ts';
import { markdownToPlain } from '../../src/libs/notify/text/markdown-to-plain.ts';

describe("the author's Markdown as plain text", () => {
  it('turns headings, emphasis, links, images, code, lists, quotes, tables and HTML into what a reader sees', () => {
    const markdown = [
      '## Steps to *reproduce*',
      'Setext',
      '======',
      '1. Save **config.json** with a [BOM](https://en.wikipedia.org/wiki/Byte_order_mark "title")',
      '- [ ] a task with `npm start`',
      '* ~~old~~ new and __strong__ and _em_',
      '> quoted <b>bold</b> <!-- a comment -->',
      '![screenshot](https://example.com/s.png) see <https://example.com/x>',
      '```js',
      'at JSON.parse (<anonymous>)',
      '```',
      '| a | b |',
      '|---|:-:|',
      '| 1 | 2 |',
      '---',
      '[ref]: https://example.com',
      'escaped \\*stars\\* and \\(parens\\)',
    ].join('\n');
    expect(markdownToPlain(markdown)).toBe(
      [
        'Steps to reproduce',
        'Setext',
        '1. Save config.json with a BOM',
        '• a task with npm start',
        '• old new and strong and em',
        'quoted bold',
        'screenshot see https://example.com/x',
        'at JSON.parse (<anonymous>)',
        'a · b',
        '1 · 2',
        'escaped *stars* and (parens)',
      ].join('\n'),
    );
  });

  it('leaves what is not Markdown as written: snake_case names, lone stars, entities as typed', () => {
    expect(markdownToPlain('set max_open_files and 2 * 3 * 4; Tom &amp; Jerry &lt;3')).toBe('set max_open_files and 2 * 3 * 4; Tom &amp; Jerry &lt;3');
  });

  it('cuts an excerpt to four lines and about 280 characters, at a word', () => {
    expect(excerpt('a\n\nb\n\nc\n\nd\n\ne')).toBe('a\nb\nc\nd …');
    const long = excerpt('word '.repeat(200));
    expect(long.length).toBeLessThanOrEqual(280);
    expect(long).toMatch(/word…$/);
    expect(excerpt(undefined)).toBe('');
    expect(excerpt('<!-- only a template comment -->')).toBe('');
  });

  it('clips at a word when one is near the end, else in the word', () => {
    expect(clip('Refactor the parser', 15)).toBe('Refactor the…');
    expect(clip('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(clip('short', 10)).toBe('short');
  });

  it('takes out bidirectional controls and invisible characters, and keeps emoji whole', () => {
    expect(withoutInvisible('a\u202Etxt.exe\u202C b\u2066c\u2069 d\u200Be\u200E\u200F\u061C\uFEFF\u00AD')).toBe('atxt.exe bc de');
    expect(withoutInvisible('👩\u200D💻 and a\u200Db')).toBe('👩\u200D💻 and ab');
  });
});
