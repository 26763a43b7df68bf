/** A payload's values by dotted path, each of the type asked for or undefined: payloads leave fields out, or null. */
export interface Read {
  text(path: string): string | undefined;
  num(path: string): number | undefined;
  bool(path: string): boolean;
  list(path: string): unknown[];
  at(path: string): unknown;
}

export function readPayload(payload: Record<string, unknown>): Read {
  const at = (path: string) => path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
  return {
    at,
    text: (path) => {
      const value = at(path);
      return typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : undefined;
    },
    num: (path) => {
      const value = at(path);
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    },
    bool: (path) => at(path) === true,
    list: (path) => {
      const value = at(path);
      return Array.isArray(value) ? value : [];
    },
  };
}
