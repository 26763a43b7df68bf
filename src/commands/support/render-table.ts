import { printable } from './printable.ts';

/**
 * Rows as columns padded to their widest cell, the first row a header; the last column is not
 * padded. Each cell is printable: a newline in a repository's name cannot forge a row.
 */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map(printable));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
