/** One Server-Sent Event, as https://html.spec.whatwg.org/multipage/server-sent-events.html frames it. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

const lineBreak = /\r\n|\r|\n/;

/** An event's wire form. Each line of `data` gets its own `data:` line; a field never holds a line break. */
export function formatEvent({ id, event, data }: SseEvent): string {
  for (const [name, value] of [['id', id], ['event', event]] as const) {
    if (value !== undefined && (lineBreak.test(value) || value.includes('\0'))) throw new Error(`SSE ${name} must be one line without NUL`);
  }
  let text = '';
  if (id !== undefined) text += `id: ${id}\n`;
  if (event !== undefined) text += `event: ${event}\n`;
  for (const line of data.split(lineBreak)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment line: readers skip it; it keeps proxies from closing an idle stream. */
export function formatComment(text: string): string {
  return `: ${text.replace(/\r\n|\r|\n/g, ' ')}\n\n`;
}

/**
 * Reads a stream of text chunks into events, as a browser's EventSource does: lines end in
 * CRLF, LF or CR (a CRLF may be split between chunks), a blank line ends an event, comment
 * lines and unknown fields are skipped, and an event without data is not dispatched.
 * `lastEventId` is the last `id:` seen, kept across events as the spec says.
 */
export class SseParser {
  lastEventId = '';
  #buffer = '';
  #skipLf = false;
  #data: string[] = [];
  #event = '';
  #hasData = false;

  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    if (text === '') return events;
    if (this.#skipLf && text.startsWith('\n')) text = text.slice(1);
    this.#skipLf = false;
    this.#buffer += text;
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.#line(this.#buffer.slice(start, i), events);
      if (c === '\r') {
        if (i + 1 === this.#buffer.length) this.#skipLf = true;
        else if (this.#buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  #line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.#hasData) events.push({ id: this.lastEventId || undefined, event: this.#event || undefined, data: this.#data.join('\n') });
      this.#data = [];
      this.#event = '';
      this.#hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.#data.push(value);
      this.#hasData = true;
    } else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
  }
}
