import { describe, expect, it } from 'vitest';
import { formatComment, formatEvent, SseParser } from '../../src/intake/relay/sse.ts';
import { decodeRelayed, encodeRelayed } from '../../src/intake/relay/relayed-delivery.ts';
import { example } from '../support/examples.ts';

describe('Server-Sent Events', () => {
  it('reads back what it writes, one event per blank line, multi-line data joined with LF', () => {
    const parser = new SseParser();
    const text = formatEvent({ id: '7', event: 'delivery', data: 'one\ntwo\r\nthree' }) + formatComment('heartbeat') + formatEvent({ data: 'plain' });
    expect(parser.push(text)).toEqual([
      { id: '7', event: 'delivery', data: 'one\ntwo\nthree' },
      // The id carries over to later events until another is set, as in a browser's EventSource.
      { id: '7', event: undefined, data: 'plain' },
    ]);
    expect(parser.lastEventId).toBe('7');
  });

  it('takes chunks cut anywhere, even between the CR and LF of a line end', () => {
    const text = 'id: 1\r\nevent: delivery\r\ndata: {"a":1}\r\n\r\n: hb\r\n\r\nid: 2\rdata: x\r\r';
    for (let cut = 0; cut <= text.length; cut++) {
      for (let second = cut; second <= text.length; second++) {
        const parser = new SseParser();
        const events = [text.slice(0, cut), text.slice(cut, second), text.slice(second)].flatMap((chunk) => parser.push(chunk));
        expect(events).toEqual([
          { id: '1', event: 'delivery', data: '{"a":1}' },
          { id: '2', event: undefined, data: 'x' },
        ]);
      }
    }
  });

  it('skips comments, unknown fields and events without data; a field without a colon has an empty value', () => {
    const parser = new SseParser();
    expect(parser.push(': comment\nretry: 100\nfoo: bar\nevent: ping\n\ndata\n\n')).toEqual([{ id: undefined, event: undefined, data: '' }]);
  });

  it('refuses an id or event name that would break the framing, and keeps comments to one line', () => {
    expect(() => formatEvent({ id: '1\n2', data: '' })).toThrow(/one line/);
    expect(() => formatEvent({ event: 'a\rb', data: '' })).toThrow(/one line/);
    expect(formatComment('a\nb')).toBe(': a b\n\n');
  });

  it('carries a real payload byte for byte, with its recorded headers', () => {
    const payload = JSON.stringify({ ...example('issues'), note: 'a\u2028b\rc' }, null, 2) + '\r\n';
    const data = encodeRelayed({ id: 'abc-1', event: 'issues', headers: { 'x-github-event': 'issues' }, payload });
    const [event] = new SseParser().push(formatEvent({ id: '1', event: 'delivery', data }));
    const { delivery, headers } = decodeRelayed(event!.data);
    expect(delivery.json.toString('utf8')).toBe(payload);
    expect(delivery).toMatchObject({ id: 'abc-1', event: 'issues', repository: 'Hello-World' });
    expect(headers).toEqual({ 'x-github-event': 'issues' });
  });

  it('names what is wrong with a relayed delivery that cannot be taken', () => {
    const good = { id: 'abc-1', event: 'issues', headers: {}, payload: '{}' };
    expect(() => decodeRelayed(JSON.stringify({ ...good, id: '../etc' }))).toThrow(/X-GitHub-Delivery header is not a delivery id/);
    expect(() => decodeRelayed(JSON.stringify({ ...good, id: undefined }))).toThrow(/needs its "id"/);
    expect(() => decodeRelayed(JSON.stringify({ ...good, event: 'Not An Event' }))).toThrow(/is not an event name/);
    expect(() => decodeRelayed(JSON.stringify({ ...good, payload: '[1]' }))).toThrow(/must be a JSON object/);
    expect(() => decodeRelayed(JSON.stringify({ ...good, payload: undefined }))).toThrow(/needs "payload"/);
  });
});
