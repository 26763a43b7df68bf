/**
 * The URL of one of genvoy's own modules, named by its source file (`new URL('./x.ts',
 * import.meta.url)`), as the running copy has it: the .ts itself when genvoy runs from its
 * sources (tests), its compiled .js when it runs from dist/ (an installed package).
 */
export function ownModule(source: URL): string {
  return fromSources ? source.href : source.href.replace(/\.ts$/, '.js');
}

const fromSources = import.meta.url.endsWith('.ts');
