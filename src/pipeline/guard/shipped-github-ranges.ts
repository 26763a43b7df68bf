/**
 * The `hooks` ranges of https://api.github.com/meta as published when this release was
 * made. Used only when the live list cannot be fetched and none was cached.
 */
export const shippedGithubHookRanges: readonly string[] = [
  '192.30.252.0/22',
  '185.199.108.0/22',
  '140.82.112.0/20',
  '143.55.64.0/20',
  '2a0a:a440::/29',
  '2606:50c0::/32',
];
