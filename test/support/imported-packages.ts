import { builtinModules } from 'node:module';

// A specifier only where a statement imports one: `import … from 'x'`, `export … from 'x'`,
// the `} from 'x'` that ends an import over several lines, `import 'x'`, `import('x')` and
// `require('x')`. A word "from" inside a string (`key === 'from'`) is no import.
const SPECIFIERS = [
  /^\s*(?:(?:import|export)\b[^;'"]*?|\}\s*)\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The npm packages a built JavaScript file imports: no relative paths, no Node built-ins. */
export function importedPackages(code: string): Set<string> {
  const packages = new Set<string>();
  for (const pattern of SPECIFIERS) {
    for (const [, specifier] of code.matchAll(pattern)) {
      if (specifier!.startsWith('.') || specifier!.startsWith('/') || specifier!.startsWith('node:') || builtinModules.includes(specifier!)) continue;
      packages.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
    }
  }
  return packages;
}
