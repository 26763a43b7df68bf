/** Bytes as whole MiB. */
export function mib(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(0);
}

/** A ratio, as 0.61×. */
export function times(n: number): string {
  return `${n.toFixed(2)}×`;
}
