import { addedLines, type AddedLine } from './added-lines.ts';
import { allowedBy, type AllowList } from './allow-list.ts';
import { entropy } from './entropy.ts';
import { redact } from './redact.ts';
import { secretRules, type SecretRule } from './rules.ts';

/** A possible secret in an added line. `secret` is redacted: the full value is never kept. */
export interface Finding {
  rule: string;
  description: string;
  file: string;
  line: number;
  commit: string;
  secret: string;
}

export interface ScanOptions {
  allow?: AllowList;
  rules?: readonly SecretRule[];
}

/** The secrets in the lines a patch adds (commitDiff()'s text), in patch order, allow-list applied. */
export function scanPatch(patch: string, options: ScanOptions = {}): Finding[] {
  return findSecrets(addedLines(patch), options);
}

export function findSecrets(lines: readonly AddedLine[], options: ScanOptions = {}): Finding[] {
  const rules = options.rules ?? secretRules;
  const allowed = allowedBy(options.allow);
  const findings: Finding[] = [];
  for (const added of lines) {
    // Spans already reported on this line: a later (more generic) rule does not report them again.
    const taken: Array<[number, number]> = [];
    for (const rule of rules) {
      for (const match of added.text.matchAll(rule.pattern)) {
        const secret = match.groups?.secret ?? match[0];
        const start = match.index + (match.groups?.secret === undefined ? 0 : match[0].lastIndexOf(secret));
        const end = start + secret.length;
        if (taken.some(([s, e]) => start < e && s < end)) continue;
        if (rule.placeholder?.test(secret)) continue;
        if (rule.minEntropy !== undefined && entropy(secret) < rule.minEntropy) continue;
        taken.push([start, end]);
        const finding = { rule: rule.id, description: rule.description, file: added.file, line: added.line, commit: added.commit, secret: redact(secret) };
        if (!allowed(finding)) findings.push(finding);
      }
    }
  }
  return findings;
}
