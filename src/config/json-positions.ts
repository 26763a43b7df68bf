/** A line and column in a text, both from 1. */
export interface Position {
  line: number;
  column: number;
}

export type JsonPath = ReadonlyArray<string | number>;

/** JSON that is not valid, and where. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

/**
 * Where each value of a JSON text starts: an object member's at its key, an array item's at
 * the item, keyed by pathKey(). The same grammar as JSON.parse, so that a config's problems
 * can be shown at their line; JSON.parse gives no positions.
 */
export function jsonPositions(text: string): Map<string, Position> {
  const positions = new Map<string, Position>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  let i = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(i >= text.length ? 'unexpected end of the text' : message, at(Math.min(i, text.length)));
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string) => {
    space();
    if (text[i] !== char) fail(`expected "${char}", found ${describe(text[i])}`);
    i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i]! < ' ') fail('a control character in a string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('a bad escape in a string');
    }
  };
  const value = (path: Array<string | number>, position?: Position): void => {
    space();
    positions.set(pathKey(path), position ?? at(i));
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(`expected a key in quotes, found ${describe(text[i])}`);
        const keyAt = at(i);
        const key = string();
        expect(':');
        value([...path, key], keyAt);
        space();
        if (text[i] === ',') (i++);
        else if (text[i] === '}') return void i++;
        else fail(`expected "," or "}", found ${describe(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value([...path, n]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`expected "," or "]", found ${describe(text[i])}`);
      }
    }
    if (c === '"') return void string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail(`expected a value, found ${describe(c)}`);
    i += literal![0].length;
  };
  value([]);
  space();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the JSON value`);
  return positions;
}

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

/** Where a path's value is, or its nearest ancestor's (a missing key is reported at its object). */
export function positionOf(positions: ReadonlyMap<string, Position>, path: JsonPath): Position {
  for (let n = path.length; n >= 0; n--) {
    const found = positions.get(pathKey(path.slice(0, n)));
    if (found) return found;
  }
  return { line: 1, column: 1 };
}

function describe(char: string | undefined): string {
  return char === undefined ? 'the end' : JSON.stringify(char);
}
