/**
 * The URL of one of genvoy's own modules, named by its source file (`new URL('./x.ts',
 * import.meta.url)`), as the running copy has it: the .ts itself when genvoy runs from its
 * sources (tests), its compiled .js when it runs from dist/ (an installed package).
 */
export function ownModule(source: URL): string {
  return fromSources ? source.href : source.href.replace(/\.ts$/, '.js');
}

/**
 * The file one of genvoy's worker threads starts on, named by its built .js: that file from
 * dist/; from the sources, `<name>-from-sources.js` beside it, which registers tsx first (a
 * worker thread does not inherit the TypeScript loader).
 */
export function threadEntry(built: URL): URL {
  return fromSources ? new URL(built.href.replace(/\.js$/, '-from-sources.js')) : built;
}

const fromSources = import.meta.url.endsWith('.ts');
