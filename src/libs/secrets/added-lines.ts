/** A line a commit added, where it is in the new version of the file. */
export interface AddedLine {
  commit: string;
  file: string;
  /** 1-based, in the file as of that commit. */
  line: number;
  text: string;
}

/**
 * The added lines of a patch text as commitDiff() writes it (`commit <id>` lines, then
 * unified diffs). Hunk headers give how many lines follow, so a line of content that looks
 * like a header (`+++ b/x`, `commit …`) is still read as content. Lines of deleted files and
 * binary files are none.
 */
export function addedLines(patch: string): AddedLine[] {
  const found: AddedLine[] = [];
  let commit = '';
  let file: string | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let lineNo = 0;
  for (const line of patch.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      const mark = line[0];
      if (mark === '+' && newLeft > 0) {
        if (file !== undefined) found.push({ commit, file, line: lineNo, text: line.slice(1) });
        lineNo++;
        newLeft--;
        continue;
      }
      if (mark === '-' && oldLeft > 0) {
        oldLeft--;
        continue;
      }
      if (mark === ' ') {
        oldLeft--;
        newLeft--;
        lineNo++;
        continue;
      }
      if (mark === '\\') continue; // "\ No newline at end of file"
      oldLeft = newLeft = 0; // the hunk ended early: read this line as a header
    }
    let match: RegExpExecArray | null;
    if ((match = /^commit ([0-9a-f]{40,64})$/.exec(line))) {
      commit = match[1]!;
      file = undefined;
    } else if (line.startsWith('diff --git ')) {
      file = undefined;
    } else if (line.startsWith('+++ ')) {
      file = newPath(line.slice(4));
    } else if ((match = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line))) {
      oldLeft = Number(match[1] ?? 1);
      lineNo = Number(match[2]);
      newLeft = Number(match[3] ?? 1);
    }
  }
  return found;
}

/** `b/path`, or git's C-quoted `"b/with\ttab"`; `/dev/null` (a deleted file) is none. */
function newPath(text: string): string | undefined {
  const path = text.startsWith('"') ? unquote(text) : text.replace(/\t$/, '');
  if (path === '/dev/null') return undefined;
  return path.startsWith('b/') ? path.slice(2) : path;
}

const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's quoting of a path: C escapes, octal bytes of UTF-8. */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const body = quoted.slice(1, quoted.lastIndexOf('"'));
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
