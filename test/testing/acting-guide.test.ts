import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';

// The guide's tests, run here against their stand-in of GitHub's API: they are the ones it shows.
import '../../docs/guides/examples/acting/test/labels.test.ts';
import '../../docs/guides/examples/acting/test/status.test.ts';
import '../../docs/guides/examples/acting/test/welcome.test.ts';

const examples = join(repoRoot, 'docs/guides/examples/acting');

describe('docs/guides/acting-on-github.md', () => {
  it('shows each example file as it is, and runs each test it shows', async () => {
    const guide = await readFile(join(repoRoot, 'docs/guides/acting-on-github.md'), 'utf8');
    const files = (await readdir(examples, { recursive: true })).filter((file) => file.endsWith('.ts')).sort();
    expect(files.length).toBe(7);
    const blocks = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
    const shown = await Promise.all(files.map(async (file) => ({ file, shown: blocks.includes(await readFile(join(examples, file), 'utf8')) })));
    expect(shown.filter((f) => !f.shown).map((f) => f.file)).toEqual([]);
    // Every test file is imported above; every block that names a file is one of them.
    const imported = (await readFile(import.meta.filename, 'utf8')).match(/acting\/test\/[\w+.-]+/g)!.map((path) => path.slice('acting/'.length));
    expect(imported).toEqual(files.filter((file) => file.startsWith('test/')));
    const named = blocks.map((block) => /^\/\/ ((?:hooks|test)\/\S+?):?\s/.exec(block)?.[1]).filter(Boolean);
    expect(named.sort()).toEqual(files.map((file) => relative('.', file)));
  });
});
