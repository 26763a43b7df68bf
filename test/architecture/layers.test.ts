import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rule docs/architecture.md states: src/ is a stack of layers, and a file imports only
 * from its own layer or from one this table lets it; no two files import each other, directly
 * or round a circle. Type-only imports count: they tie the files together just as much.
 * The shipped hooks' libraries stand apart: the hook runtime learns of them only through the
 * modules the server provides to hooks, never by an import.
 */
const mayImport: Record<string, readonly string[]> = {
  base: [],
  config: ['base'],
  api: [],
  libs: ['base', 'config', 'api'],
  pipeline: ['base', 'config'],
  github: ['base', 'config'],
  runtime: ['base', 'config', 'api', 'pipeline', 'github'],
  intake: ['base', 'config', 'pipeline'],
  ops: ['base', 'config', 'pipeline', 'runtime', 'intake', 'github'],
  server: ['base', 'config', 'api', 'libs', 'pipeline', 'runtime', 'intake', 'ops', 'github'],
  // genvoy/testing runs a hook as the server would: with the modules the server provides to hooks (server/hook-modules.ts).
  testing: ['base', 'config', 'api', 'pipeline', 'runtime', 'github', 'server'],
  commands: ['base', 'config', 'api', 'libs', 'pipeline', 'runtime', 'intake', 'ops', 'server', 'github', 'testing'],
  'cli.ts': ['commands', 'base'],
};

const src = resolve(import.meta.dirname, '../../src');

function codeFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return path.endsWith(join('ui', 'page')) ? [] : codeFiles(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative module a file names: static, type-only, re-exported, dynamic or a worker's URL. */
export function importsOf(text: string): string[] {
  const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;
  return [...text.matchAll(specifiers)].map((match) => match[2]!);
}

function layerOf(file: string): string {
  const top = relative(src, file).split('/')[0]!;
  if (!Object.hasOwn(mayImport, top)) throw new Error(`${relative(src, file)} is in no layer: add its folder to the table in this test and to docs/architecture.md`);
  return top;
}

const allowed = (from: string, to: string) => layerOf(from) === layerOf(to) || mayImport[layerOf(from)]!.includes(layerOf(to));

function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of codeFiles(src)) {
    const targets = importsOf(readFileSync(file, 'utf8'))
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((target) => target.startsWith(src + '/') && /\.(ts|js|json)$/.test(target));
    edges.set(file, targets);
  }
  return edges;
}

/** Tarjan's strongly connected components larger than one file, or a file importing itself. */
function circles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || edges.get(file)?.includes(file)) found.push(component.map((f) => relative(src, f)).sort());
    }
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the layers of src/', () => {
  const edges = graph();

  it('reads the imports it checks', () => {
    expect(importsOf(`import type { A } from './a.ts';\nexport { b } from "../b.ts";\nconst c = await import('./c.ts');\nnew URL('./d.js', import.meta.url);`)).toEqual([
      './a.ts',
      '../b.ts',
      './c.ts',
      './d.js',
    ]);
    expect(edges.size).toBeGreaterThan(100);
  });

  it('imports only from its own layer or one below', () => {
    const upward = [...edges].flatMap(([file, targets]) =>
      targets.filter((target) => !allowed(file, target)).map((target) => `${relative(src, file)} → ${relative(src, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('puts a layer only on ones below it', () => {
    const order = Object.keys(mayImport);
    const wrong = order.flatMap((layer, i) => mayImport[layer]!.filter((lower) => order.indexOf(lower) >= i).map((lower) => `${layer} → ${lower}`));
    expect(wrong).toEqual([]);
  });

  it('has no import circle', () => {
    expect(circles(edges)).toEqual([]);
  });

  it('finds a circle and an upward import where there is one', () => {
    const a = join(src, 'base', 'a.ts');
    const b = join(src, 'server', 'b.ts');
    const made = new Map([
      [a, [b]],
      [b, [a]],
    ]);
    expect(circles(made)).toEqual([['base/a.ts', 'server/b.ts']]);
    expect(allowed(b, a)).toBe(true);
    expect(allowed(a, b)).toBe(false);
    expect(allowed(join(src, 'runtime', 'x.ts'), join(src, 'libs', 'notify', 'y.ts'))).toBe(false);
  });
});
