/** A full commit id as git prints it: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}

/** GitHub's `before` of a new branch, and `after` of a deleted one. */
export function isZeroId(value: string): boolean {
  return /^0+$/.test(value);
}
