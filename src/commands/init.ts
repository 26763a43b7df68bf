import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../base/version.ts';

/** The project's files as they ship, beside dist/ in the package (templates/init/). */
const templates = fileURLToPath(new URL('../../templates/init/', import.meta.url));

/** Files npm leaves out of a package under their real names: shipped without the dot. */
const dotted = new Set(['gitignore', 'dockerignore']);

/**
 * `genvoy init [DIR]`: a hooks project of one's own that depends on genvoy from npm, in DIR
 * (made if missing): package.json, tsconfig.json, config/config.json, a typed hooks/push.ts
 * and its test, .gitignore, a Dockerfile and a README. Files that exist are left alone, and
 * the command exits 1 naming them, unless --force. Exit 0 once every file is written.
 */
export function initCommand(program: Command): void {
  program
    .command('init')
    .description('start a hooks project of your own in DIR (default: here): package.json, config, a typed push hook and its test')
    .argument('[dir]', 'the project folder; made if missing', '.')
    .option('-f, --force', 'overwrite files that exist')
    .action(async (dir: string, options: { force?: boolean }) => {
      process.exitCode = await init(dir, options.force ?? false);
    });
}

async function init(dir: string, force: boolean): Promise<number> {
  const root = resolve(dir);
  const values: Record<string, string> = { name: packageName(basename(root)), version };
  const files = (await templateFiles(templates))
    .map((template) => {
      const parts = relative(templates, template).split(/[\\/]/);
      const last = parts.pop()!;
      return { template, path: join(...parts, dotted.has(last) ? `.${last}` : last) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));

  const existing = files.filter((f) => existsSync(join(root, f.path)));
  if (existing.length > 0 && !force) {
    process.stderr.write(`genvoy init: ${existing.length === 1 ? 'this file exists' : 'these files exist'} in ${root} (--force overwrites):\n`);
    for (const f of existing) process.stderr.write(`  ${f.path}\n`);
    return 1;
  }

  try {
    for (const f of files) {
      const text = (await readFile(f.template, 'utf8')).replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
      const target = join(root, f.path);
      const overwritten = existsSync(target);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
      process.stdout.write(`${overwritten ? 'overwrote' : 'wrote'} ${f.path}\n`);
    }
  } catch (err) {
    process.stderr.write(`genvoy init: ${(err as Error).message}\n`);
    return 1;
  }

  const here = relative(process.cwd(), root);
  const cd = here === '' ? '' : `cd ${/^[\w./-]+$/.test(here) ? here : `'${here.replaceAll("'", `'\\''`)}'`} && `;
  process.stdout.write(
    [
      '',
      `A genvoy hooks project, "${values.name}", in ${root}. Next:`,
      `  ${cd}npm install && npm start`,
      '  npx genvoy send push --example push --branch main   # in another shell: a test delivery to hooks/push.ts',
      '  npm test                                             # type-checks the hooks and runs test/',
      '',
    ].join('\n'),
  );
  return 0;
}

/** Every file under `folder`. */
async function templateFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A folder's name as an npm package name: lower case, other characters as "-"; "hooks" when nothing is left. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name || 'hooks';
}
