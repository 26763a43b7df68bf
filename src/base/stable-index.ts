/**
 * Which of `count` slots a key belongs to (FNV-1a over its UTF-8 bytes): the same in every
 * process and every run, so a repository keeps its queue partition and a hook its thread.
 */
export function stableIndex(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % count;
}
