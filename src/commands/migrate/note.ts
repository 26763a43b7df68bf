/**
 * One line of `genvoy migrate`'s report. `change`: what it did; `dropped`: what it left
 * out because it did nothing in the original either; `hand`: what a person must see to.
 */
export interface Note {
  kind: 'change' | 'dropped' | 'hand';
  text: string;
}

const labels: Record<Note['kind'], string> = { change: 'change', dropped: 'not carried', hand: 'by hand' };

/** `by hand: push-web: …`. */
export function renderNote({ kind, text }: Note): string {
  return `${labels[kind]}: ${text}`;
}
