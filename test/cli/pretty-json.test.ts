import { describe, expect, it } from 'vitest';
import { prettyJson } from '../../src/commands/support/pretty-json.ts';
import { printable, printableLines } from '../../src/commands/support/printable.ts';
import { examples } from '../support/examples.ts';

describe('what the CLI prints of untrusted text', () => {
  it('lays out JSON text as JSON.stringify(value, null, 2) does: every GitHub example, and what JSON allows', () => {
    const values: unknown[] = [1, -1.5e3, 'x', null, true, [], {}, [[], {}], { a: { b: [1, 2, { c: [] }] } }, 'a"b\\', ['\\"', '\\\\"'], { 'k"}': ',:[' }];
    for (const value of [...values, ...examples.map((e) => e.payload)]) {
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, '\t')]) expect(prettyJson(text)).toBe(JSON.stringify(value, null, 2));
    }
    expect(prettyJson(' { "a" :\r\n[ 1 , { } ] } ')).toBe('{\n  "a": [\n    1,\n    {}\n  ]\n}');
  });

  it('escapes in strings what a terminal acts on and JSON leaves raw, so that the JSON means the same', () => {
    const value = { 'k\u202e': 'a\u009b2J\u2066b\u007fc\u2028' };
    const shown = prettyJson(JSON.stringify(value));
    expect(shown).toBe('{\n  "k\\u202e": "a\\u009b2J\\u2066b\\u007fc\\u2028"\n}');
    expect(JSON.parse(shown)).toEqual(value);
  });

  it('keeps nesting below 32 levels on one line, and lays out 100,000 levels without a stack', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const shown = prettyJson(deep);
    expect(shown.split('\n')).toHaveLength(2 * 32 + 1);
    expect(shown.replace(/\s/g, '')).toBe(deep);
  });

  it('writes every control on one line as an escape', () => {
    expect(printable('a\nb\rc\td\u001b[31me\u0000f\u009bg\u202eh\u2069i\u200fj\u2028k\\l')).toBe('a\\nb\\rc\\td\\x1b[31me\\x00f\\x9bg\\u202eh\\u2069i\\u200fj\\u2028k\\l');
    expect(printableLines('one\r\ntwo\u001b[2K\nthree')).toEqual(['one', 'two\\x1b[2K', 'three']);
  });
});
