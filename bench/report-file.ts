import { readFile, writeFile } from 'node:fs/promises';

/**
 * Sections of BENCHMARKS.md that a benchmark of their own writes (start-up, kill -9, hostile load, web page, profile),
 * each between two HTML comments, so that the load benchmark keeps them when it rewrites the
 * file and each script replaces only its own.
 */
export interface ReportBlock {
  /** The section's text, without its markers, if the file has one. */
  get(text: string): string | undefined;
  /** The file with the section put in place of the old one, or at the end. */
  put(text: string, block: string): string;
  /** Puts the section into the file itself (made if missing), and says so. */
  write(file: string, block: string): Promise<void>;
}

export function reportBlock(name: string, script: string): ReportBlock {
  const begin = `<!-- ${name}: written by ${script} -->`;
  const end = `<!-- /${name} -->`;
  const find = (text: string) => {
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    return from >= 0 && to > from ? { from, to } : undefined;
  };
  const put = (text: string, block: string) => {
    const marked = `${begin}\n${block}\n${end}`;
    const at = find(text);
    return at ? text.slice(0, at.from) + marked + text.slice(at.to + end.length) : `${text.trimEnd()}\n\n${marked}\n`;
  };
  return {
    get(text) {
      const at = find(text);
      return at && text.slice(at.from + begin.length, at.to).trim();
    },
    put,
    async write(file, block) {
      await writeFile(file, put(await readFile(file, 'utf8').catch(() => ''), block));
      process.stdout.write(`\nwrote ${file}\n`);
    },
  };
}

export const startupBlock = reportBlock('startup', 'npm run bench:startup');
export const crashBlock = reportBlock('crash', 'npm run bench:crash');

export const hostileBlock = reportBlock('hostile', 'npm run bench:hostile');

export const pageBlock = reportBlock('page', 'npm run bench:page');

/** Where a delivery's time goes: written by hand from CPU profiles, kept until profiled again. */
export const profileBlock = reportBlock('profile', 'hand from CPU profiles (perf branch, issue 11)');

/** Every section the load benchmark keeps as it is. */
export const keptBlocks: readonly ReportBlock[] = [profileBlock, startupBlock, crashBlock, hostileBlock, pageBlock];

/** The load benchmark's report with the kept sections of the file it replaces. */
export function keepBlocks(previous: string, report: string): string {
  return keptBlocks.reduce((text, block) => {
    const kept = block.get(previous);
    return kept ? block.put(text, kept) : text;
  }, report);
}
