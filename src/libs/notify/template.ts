import type { Expression } from 'adaptive-expressions';
import { expression } from '../../base/expression.ts';
import { safeUrl, type Span } from './message.ts';
import { payloadFields } from './payload-fields.ts';

/**
 * A template: plain text with the original's placeholders (`{repository/name}` walks the
 * payload; `{event}`, `{payload_text}`, `{payload_table_md}`, `{payload_table_html}`),
 * adaptive-expressions in `${…}`, and two marks: `**bold**` and `[label](url)`.
 * Everything else, and every value put in, shows as written on every target.
 */
export type Template = Token[];

type Token =
  | { t: 'text'; s: string }
  | { t: 'mark'; m: '**' | '[' | '](' | ')' }
  | { t: 'path'; path: string[]; source: string }
  | { t: 'special'; name: Special }
  | { t: 'expr'; source: string; parsed: Expression };

type Special = 'event' | 'payload_text' | 'payload_table_md' | 'payload_table_html';
const specials = new Set<string>(['event', 'payload_text', 'payload_table_md', 'payload_table_html']);

const placeholder = /^\{([A-Za-z_][\w.-]*(?:\/[\w.-]+)*)\}/;

/** Parses a template; throws on an expression that does not parse, naming it. */
export function compileTemplate(source: string): Template {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    for (const piece of text.split(/(\*\*|\]\(|\[|\))/)) {
      if (piece === '**' || piece === '[' || piece === '](' || piece === ')') tokens.push({ t: 'mark', m: piece });
      else if (piece) tokens.push({ t: 'text', s: piece });
    }
    text = '';
  };
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('${', i)) {
      const end = expressionEnd(source, i + 2);
      const inner = source.slice(i + 2, end).trim();
      let parsed: Expression;
      try {
        parsed = expression(inner);
      } catch (err) {
        throw new Error(`expression \${${inner}}: ${(err as Error).message}`);
      }
      flush();
      tokens.push({ t: 'expr', source: inner, parsed });
      i = end + 1;
      continue;
    }
    const match = source[i] === '{' ? placeholder.exec(source.slice(i)) : null;
    if (match) {
      flush();
      const name = match[1]!;
      tokens.push(specials.has(name) ? { t: 'special', name: name as Special } : { t: 'path', path: name.split('/'), source: name });
      i += match[0].length;
      continue;
    }
    text += source[i];
    i++;
  }
  flush();
  return tokens;
}

/** The index of the `}` closing an expression opened before `from`, past quoted strings and nested braces. */
function expressionEnd(source: string, from: number): number {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === "'" || c === '"' || c === '`') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) break;
      i = close;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new Error(`expression \${ at ${from - 2} is not closed by }`);
}

export interface Rendered {
  spans: Span[];
  /** Expressions that failed to evaluate, with why. */
  errors: string[];
}

export interface Scope {
  event: string;
  payload: Record<string, unknown>;
}

/** Fills a template from a delivery. Missing payload values render as nothing. */
export function renderTemplate(template: Template, { event, payload }: Scope): Rendered {
  const errors: string[] = [];
  // Values are marked so that marks in them stay text; a link's URL takes them encoded.
  type Piece = { t: 'mark'; m: string } | { t: 'text'; s: string; value: boolean } | { t: 'spans'; spans: Span[] };
  const pieces: Piece[] = template.map((token): Piece => {
    switch (token.t) {
      case 'mark':
        return token;
      case 'text':
        return { t: 'text', s: token.s, value: false };
      case 'path':
        return { t: 'text', s: show(walk(payload, token.path)), value: true };
      case 'expr': {
        const { value, error } = token.parsed.tryEvaluate({ ...payload, event });
        if (error) errors.push(`\${${token.source}}: ${error}`);
        return { t: 'text', s: error ? '' : show(value), value: true };
      }
      case 'special':
        return token.name === 'event' ? { t: 'text', s: event, value: true } : { t: 'spans', spans: fieldSpans(payload, token.name) };
    }
  });

  const spans: Span[] = [];
  let bold = false;
  const add = (span: Span) => {
    const last = spans.at(-1);
    if (last && !last.href && !span.href && !!last.bold === !!span.bold) last.text += span.text;
    else if (span.text) spans.push(span);
  };
  const asText = (p: Piece) => (p.t === 'mark' ? p.m : p.t === 'text' ? p.s : p.spans.map((s) => s.text).join(''));
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.t === 'spans') {
      for (const span of piece.spans) add({ ...span, bold: span.bold || bold || undefined });
    } else if (piece.t === 'text') {
      add({ text: piece.s, bold: bold || undefined });
    } else if (piece.m === '**') {
      bold = !bold;
    } else if (piece.m === '[') {
      const mid = pieces.findIndex((p, j) => j > i && p.t === 'mark' && (p.m === '](' || p.m === '['));
      const end = mid < 0 || (pieces[mid] as { m: string }).m !== '](' ? -1 : pieces.findIndex((p, j) => j > mid && p.t === 'mark' && p.m === ')');
      if (end < 0) {
        add({ text: '[', bold: bold || undefined });
        continue;
      }
      const label = pieces.slice(i + 1, mid).map(asText).join('');
      const target = pieces
        .slice(mid + 1, end)
        .map((p, k) => (p.t === 'text' && p.value && k > 0 ? encodeURI(p.s) : asText(p)))
        .join('');
      const href = safeUrl(target);
      add({ text: label || href || '', bold: bold || undefined, href });
      i = end;
    } else {
      add({ text: piece.m, bold: bold || undefined });
    }
  }
  return { spans, errors };
}

function walk(value: unknown, path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A value as text: numbers without thousands separators, lists joined, objects as JSON. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `{payload_text}` is the payload's fields as `path: value` lines; the tables bold the path. */
function fieldSpans(payload: Record<string, unknown>, name: Special): Span[] {
  const fields = payloadFields(payload);
  if (name === 'payload_text') return [{ text: fields.map(([k, v]) => `${k}: ${v}`).join('\n') }];
  return fields.flatMap(([k, v], i): Span[] => [{ text: `${i ? '\n' : ''}` }, { text: k, bold: true }, { text: `: ${v}` }]).filter((s) => s.text);
}
