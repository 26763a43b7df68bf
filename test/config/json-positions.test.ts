import { describe, expect, it } from 'vitest';
import { jsonPositions, JsonSyntaxError, pathKey, positionOf } from '../../src/config/json-positions.ts';

const text = `{
  "http_port": 5000,
  "allowed_ips": [
    "127.0.0.1/32",
    "::1/128"
  ],
  "queue": { "type": "redis", "url": "x\\"y" },
  "empty": {}, "list": [], "n": -1.5e3, "ok": true, "none": null
}`;

describe('jsonPositions', () => {
  it('places each member at its key and each item at itself, lines and columns from 1', () => {
    const positions = jsonPositions(text);
    expect(positions.get(pathKey([]))).toEqual({ line: 1, column: 1 });
    expect(positions.get(pathKey(['http_port']))).toEqual({ line: 2, column: 3 });
    expect(positions.get(pathKey(['allowed_ips', 1]))).toEqual({ line: 5, column: 5 });
    expect(positions.get(pathKey(['queue', 'url']))).toEqual({ line: 7, column: 31 });
    expect(positions.get(pathKey(['none']))).toEqual({ line: 8, column: 53 });
  });

  it('accepts what JSON.parse accepts, and puts a missing key at its nearest ancestor', () => {
    const positions = jsonPositions(text);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(positionOf(positions, ['queue', 'prefix'])).toEqual({ line: 7, column: 3 });
    expect(positionOf(positions, ['nowhere', 'at', 'all'])).toEqual({ line: 1, column: 1 });
  });

  it.each([
    ['{\n  "a": 1,\n  "b" 2\n}', 3, 7, 'expected ":", found "2"'],
    ['{\n  "a": 1,\n}', 3, 1, 'expected a key in quotes, found "}"'],
    ['{"a": [1 2]}', 1, 10, 'expected "," or "]", found "2"'],
    ['{"a": tru}', 1, 7, 'expected a value, found "t"'],
    ['{"a": "x', 1, 9, 'unexpected end of the text'],
    ['{} x', 1, 4, 'unexpected "x" after the JSON value'],
    ['{"a": "\\q"}', 1, 7, 'a bad escape in a string'],
  ])('reports a syntax error at its line and column: %j', (bad, line, column, message) => {
    expect(() => JSON.parse(bad)).toThrow();
    let caught: unknown;
    try {
      jsonPositions(bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(JsonSyntaxError);
    expect(caught).toMatchObject({ message, position: { line, column } });
  });
});
