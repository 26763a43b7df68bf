// hooks/_labels.ts: a helper (a name starting with `_` is no hook); genvoy bundles it into the hooks that import it.
const byFolder: Record<string, string> = { 'docs/': 'documentation', 'src/': 'code', 'test/': 'tests', '.github/': 'ci' };

/** The labels for the files a pull request touches, by the folders they are in, sorted. */
export function labelsFor(files: readonly string[]): string[] {
  const labels = files.flatMap((file) => Object.entries(byFolder).filter(([folder]) => file.startsWith(folder)).map(([, label]) => label));
  return [...new Set(labels)].sort();
}
