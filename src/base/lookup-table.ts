/**
 * A table looked up by keys from outside (an event's name, an action): without a prototype,
 * so that a key such as `constructor` finds nothing rather than Object's own member.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
