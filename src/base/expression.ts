import { createRequire } from 'node:module';
import type { Expression } from 'adaptive-expressions';

type Parse = (source: string) => Expression;

let parse: Parse | undefined;
const parsed = new Map<string, Expression>();

/**
 * Loads adaptive-expressions, if not yet loaded: it takes a third of a second, so a hook
 * thread does it when it loads a module with a `when` condition, not in a delivery's time.
 */
export function prepareConditions(): void {
  if (parse) return;
  const { Expression } = createRequire(import.meta.url)('adaptive-expressions') as typeof import('adaptive-expressions');
  parse = (source) => Expression.parse(source);
}

/** Parses an adaptive-expressions source, cached by its text. Throws on a syntax error. */
export function expression(source: string): Expression {
  let found = parsed.get(source);
  if (!found) {
    prepareConditions();
    found = parse!(source);
    if (parsed.size >= 1000) parsed.clear(); // conditions of reloaded modules would pile up
    parsed.set(source, found);
  }
  return found;
}

/**
 * Evaluates a hook's `when` condition (adaptive-expressions) over the payload.
 * Throws when the expression does not parse or evaluate.
 */
export function holds(condition: string, payload: object): boolean {
  const { value, error } = expression(condition).tryEvaluate(payload);
  if (error) throw new Error(`when "${condition}": ${error}`);
  return value === true;
}
