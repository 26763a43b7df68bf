import { globToRegExp } from './path-glob.ts';

/** What config says is not a leak: whole rules, and files by path glob (`test/fixtures/**`). */
export interface AllowList {
  rules?: readonly string[];
  paths?: readonly string[];
}

/** A test for "is this finding allowed", with the globs compiled once. */
export function allowedBy(allow: AllowList = {}): (finding: { rule: string; file: string }) => boolean {
  const rules = new Set(allow.rules ?? []);
  const paths = (allow.paths ?? []).map(globToRegExp);
  return ({ rule, file }) => rules.has(rule) || paths.some((glob) => glob.test(file));
}
