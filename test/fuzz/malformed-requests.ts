import { MAX_BODY_BYTES } from '../../src/pipeline/receive/read-body.ts';
import { examples } from '../support/examples.ts';
import type { Prng } from '../support/prng.ts';
import type { RawOptions } from '../support/raw-http.ts';
import { sign } from '../../src/pipeline/guard/sign-body.ts';

/** One malformed request, and what it must get. */
export interface FuzzCase {
  name: string;
  bytes: Buffer;
  send?: Omit<RawOptions, 'timeoutMs'>;
  /** The well-formed X-GitHub-Delivery ids it carried: the journal must never hold them. */
  ids: string[];
  /** The status it must get; `4xx` for several faults at once; `none` when the sender closes first. */
  expect: number | '4xx' | 'none';
}

/** A request on its way to bytes: headers in order (names may repeat), the body, and whether to sign it last. */
interface Draft {
  headers: Array<[string, string]>;
  body: Buffer;
  signed: boolean;
  chunked?: boolean;
}

interface Fault {
  name: string;
  status: number;
  /** Changes the body: two such faults could undo each other (a cut that removes added text). */
  body?: true;
  apply(draft: Draft, rng: Prng, secret: string): Draft;
}

const bodies = examples.map((e) => ({ event: e.event, json: Buffer.from(JSON.stringify(e.payload)) })).filter((e) => e.json.length < 64 * 1024);
const LEVELS = 100_000;
/** Deep nesting, built once: unclosed, closed around no object, and an object too deep to finish. */
const deep = [
  '['.repeat(LEVELS),
  '['.repeat(LEVELS) + ']'.repeat(LEVELS),
  '{"a":'.repeat(LEVELS),
  '{"a":['.repeat(LEVELS),
  `{"a":${'['.repeat(LEVELS)}1${']'.repeat(LEVELS - 1)}}`,
].map((text) => Buffer.from(text));
const INVALID_UTF8 = [[0xff], [0xfe], [0x80], [0xc3], [0xc3, 0x28], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
/** Never valid in JSON text: not whitespace between tokens, and not allowed raw inside a string. */
const CONTROLS = [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f];
const FORM = 'application/x-www-form-urlencoded';

const set = (draft: Draft, name: string, ...values: string[]): Draft => ({
  ...draft,
  headers: [...draft.headers.filter(([n]) => n !== name), ...values.map((v): [string, string] => [name, v])],
});
const form = (draft: Draft, text: string): Draft => ({ ...set(draft, 'content-type', FORM), body: Buffer.from(text, 'latin1') });
const hex = (rng: Prng, length: number) => rng.bytes(length).toString('hex');

/** Each breaks one thing in an otherwise valid, signed delivery, and says what that must answer. */
const FAULTS: readonly Fault[] = [
  {
    name: 'random bytes', body: true,
    status: 400,
    // Never a JSON object: the first byte is neither `{` nor whitespace.
    apply: (d, rng) => ({ ...d, body: Buffer.concat([Buffer.from([rng.pick([0x00, 0x5b, 0x22, 0x41, 0x7d, 0xff, 0x80, 0x2c])]), rng.bytes(rng.int(0, 2048))]) }),
  },
  { name: 'truncated JSON', body: true, status: 400, apply: (d, rng) => ({ ...d, body: d.body.subarray(0, rng.int(1, d.body.length - 1)) }) },
  {
    name: 'control character in JSON', body: true,
    status: 400,
    apply: (d, rng) => {
      const body = Buffer.from(d.body);
      body[rng.int(0, body.length - 1)] = rng.pick(CONTROLS);
      return { ...d, body };
    },
  },
  {
    name: 'text after the JSON', body: true,
    status: 400,
    apply: (d, rng) => ({ ...d, body: Buffer.concat([d.body, Buffer.from(rng.pick(['x', '}', ',', '{', '"', ']', 'null']) + hex(rng, rng.int(0, 8)))]) }),
  },
  { name: 'JSON but not an object', body: true, status: 400, apply: (d, rng) => ({ ...d, body: Buffer.from(rng.pick(['', '[]', '"push"', '42', 'null', 'true', '[{"ref":"refs/heads/main"}]', ' '])) }) },
  { name: 'deeply nested JSON', body: true, status: 400, apply: (d, rng) => ({ ...d, body: rng.pick(deep) }) },
  {
    name: 'invalid UTF-8 in JSON', body: true,
    status: 400,
    apply: (d, rng) => {
      const bad = Buffer.from(rng.pick(INVALID_UTF8));
      const at = d.body.indexOf('":"'); // just inside a string value
      const body = at === -1 ? Buffer.concat([Buffer.from('{"note":"'), bad, Buffer.from('"}')]) : Buffer.concat([d.body.subarray(0, at + 3), bad, d.body.subarray(at + 3)]);
      return { ...d, body };
    },
  },
  { name: 'form without a payload field', body: true, status: 400, apply: (d, rng) => form(d, rng.pick(['', 'foo=bar', 'payloads=%7B%7D', 'Payload=%7B%7D', '&&&', '=%7B%7D'])) },
  { name: 'form payload not JSON', body: true, status: 400, apply: (d, rng) => form(d, `payload=${encodeURIComponent(d.body.subarray(0, rng.int(0, d.body.length - 1)).toString('utf8'))}`) },
  { name: 'form payload not UTF-8', body: true, status: 400, apply: (d, rng) => form(d, `payload=${encodeURIComponent('{"a":"')}${rng.pick(['%FF', '%C3%28', '%ED%A0%80', '%C0%AF', '%80', '%E2%82'])}${encodeURIComponent('"}')}`) },
  { name: 'form with a stray %', body: true, status: 400, apply: (d, rng) => form(d, `payload=${encodeURIComponent('{"a":"')}${rng.pick(['%zz', '%', '%4', '%%'])}${encodeURIComponent('"}')}`) },
  { name: 'event header missing', status: 400, apply: (d) => set(d, 'x-github-event') },
  {
    name: 'event header not an event name',
    status: 400,
    apply: (d, rng) => set(d, 'x-github-event', rng.pick(['Push', '../../etc/passwd', 'push event', 'a'.repeat(65), '1push', 'push;id', 'push\xe9', '_push', 'push-x', 'push.x'])),
  },
  { name: 'event header twice', status: 400, apply: (d) => set(d, 'x-github-event', 'push', 'issues') },
  {
    name: 'delivery id malformed',
    status: 400,
    apply: (d, rng) => set(d, 'x-github-delivery', rng.pick(['a/b', '../../x', 'x'.repeat(101), 'has space', 'caf\xe9', 'a.b', 'a%2fb', '{id}', '*'])),
  },
  { name: 'delivery id twice', status: 400, apply: (d) => set(d, 'x-github-delivery', ...d.headers.filter(([n]) => n === 'x-github-delivery').map(([, v]) => v), 'second-id') },
  { name: 'signature missing', status: 403, apply: (d) => ({ ...d, signed: false }) },
  { name: 'signature with another secret', status: 403, apply: (d, _rng, secret) => ({ ...set(d, 'x-hub-signature-256', sign(d.body, `${secret}x`)), signed: false }) },
  { name: 'signature of another body', status: 403, apply: (d, _rng, secret) => ({ ...set(d, 'x-hub-signature-256', sign(Buffer.concat([d.body, Buffer.from(' ')]), secret)), signed: false }) },
  {
    name: 'signature malformed',
    status: 403,
    apply: (d, rng, secret) => {
      const good = sign(d.body, secret).slice('sha256='.length);
      const value = rng.pick(['sha256=', 'sha256=zz', `md5=${good}`, `sha256 ${good}`, good, `sha256=${good.slice(1)}`, `sha256=${good.slice(0, 32)}`, `sha1=${good}`]);
      return { ...set(d, 'x-hub-signature-256', value), signed: false };
    },
  },
  { name: 'only a wrong sha1 signature', status: 403, apply: (d, _rng, secret) => ({ ...set(d, 'x-hub-signature', sign(d.body, `${secret}x`, 'sha1')), signed: false }) },
  { name: 'signature header twice', status: 403, apply: (d, _rng, secret) => ({ ...set(d, 'x-hub-signature-256', sign(d.body, secret), sign(d.body, secret)), signed: false }) },
  {
    name: 'content type not JSON nor form',
    status: 415,
    apply: (d, rng) => set(d, 'content-type', rng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', 'application/json-patch+json', '*/*'])),
  },
  { name: 'form body without its content type', body: true, status: 400, apply: (d) => ({ ...form(d, `payload=${encodeURIComponent(d.body.toString('utf8'))}`), headers: d.headers.filter(([n]) => n !== 'content-type') }) },
  { name: 'a header over 16 KB', status: 431, apply: (d, rng) => set(d, 'x-padding', 'a'.repeat(rng.int(17_000, 64_000))) },
  { name: 'headers over 16 KB in all', status: 431, apply: (d) => ({ ...d, headers: [...d.headers, ...Array.from({ length: 400 }, (_, i): [string, string] => [`x-pad-${i}`, 'b'.repeat(40)])] }) },
  { name: 'control character in a header value', status: 400, apply: (d, rng) => set(d, 'x-github-event', `pu${rng.pick(['\x00', '\x01', '\x0b', '\x7f'])}sh`) },
  { name: 'space in a header name', status: 400, apply: (d) => ({ ...d, headers: [...d.headers, ['x github event', 'push']] }) },
  { name: 'Content-Length not a number', status: 400, apply: (d, rng) => set(d, 'content-length', rng.pick(['abc', '-1', '1 2', '0x10', ''])) },
  { name: 'Content-Length and Transfer-Encoding', status: 400, apply: (d) => set(set(d, 'transfer-encoding', 'chunked'), 'content-length', String(d.body.length)) },
];

const HEAD_FAULTS = FAULTS.filter((f) => !f.body);

/**
 * Builds `count` malformed requests from `rng`: mostly one fault each, with its status; some
 * with several faults, which must get a 4xx; and a few at the HTTP level (broken framing,
 * garbage instead of HTTP, a declared body over 25 MB, senders that stop mid-body).
 */
export function malformedRequests(rng: Prng, count: number, secret: string, port: number, idPrefix: string): FuzzCase[] {
  let n = 0;
  const nextId = () => `${idPrefix}-${++n}`;
  const cases: FuzzCase[] = [];
  const withFaults = (faults: readonly Fault[]): FuzzCase => {
    const { draft, ids } = validDraft(rng, nextId(), port);
    const broken = faults.reduce((d, f) => f.apply(d, rng, secret), draft);
    return { name: faults.map((f) => f.name).join(' + '), bytes: toBytes(broken, secret), ids, expect: faults.length === 1 ? faults[0]!.status : '4xx' };
  };
  while (cases.length < count) {
    const roll = rng.next();
    if (roll < 0.7) cases.push(withFaults([rng.pick(FAULTS)]));
    // At most one body fault, applied first; the others leave the body alone.
    else if (roll < 0.95) cases.push(withFaults([rng.pick(FAULTS), ...Array.from({ length: rng.int(1, 2) }, () => rng.pick(HEAD_FAULTS))]));
    else cases.push(framingCase(rng, nextId(), secret, port));
  }
  return cases;
}

/** What fetch and node:http cannot send: broken framing, not HTTP at all, a sender that stops. */
function framingCase(rng: Prng, id: string, secret: string, port: number): FuzzCase {
  const { draft, ids } = validDraft(rng, id, port);
  switch (rng.int(0, 4)) {
    case 0: {
      // Not HTTP: the first byte is no method's.
      const garbage = Buffer.concat([Buffer.from([rng.pick([0x00, 0x16, 0x7b, 0x2f, 0xff, 0x61])]), rng.bytes(rng.int(0, 300)), Buffer.from('\r\n\r\n')]);
      return { name: 'garbage instead of HTTP', bytes: garbage, ids: [], expect: 400 };
    }
    case 1: {
      const bytes = toBytes({ ...draft, chunked: true }, secret);
      const at = bytes.indexOf('\r\n\r\n') + 4;
      const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from(rng.pick(['zz\r\nabc\r\n', '5\r\nabcdefgh\r\n', '-1\r\n', 'fffffffffffffffffff\r\n']))]);
      return { name: 'broken chunked encoding', bytes: broken, ids, expect: 400 };
    }
    case 2: {
      const declared = set(draft, 'content-length', String(draft.body.length + rng.int(1, 1000)));
      return { name: 'sender stops mid-body and half-closes', bytes: toBytes(declared, secret), send: { then: 'end' }, ids, expect: 400 };
    }
    case 3: {
      const declared = set(draft, 'content-length', String(draft.body.length + rng.int(1, 1000)));
      return { name: 'sender stops mid-body and closes', bytes: toBytes(declared, secret), send: { then: 'destroy' }, ids, expect: 'none' };
    }
    default: {
      // Only the first bytes follow the headers: a declared size over the limit is refused at once.
      const declared = set(draft, 'content-length', String(MAX_BODY_BYTES + rng.int(1, 1_000_000)));
      return { name: 'Content-Length over 25 MB', bytes: toBytes(declared, secret), ids, expect: 413 };
    }
  }
}

/** A slow sender: a body cut short, sent byte by byte. */
export function trickled(rng: Prng, secret: string, port: number, id: string): FuzzCase {
  const { draft, ids } = validDraft(rng, id, port);
  const small = { ...draft, body: draft.body.subarray(0, rng.int(1, 100)) };
  return { name: 'truncated JSON trickled byte by byte', bytes: toBytes(small, secret), send: { trickleMs: 1 }, ids, expect: 400 };
}

/** A chunked body over 25 MB: refused (413) while it arrives, never buffered whole. */
export function oversizedChunked(secret: string, port: number, id: string): FuzzCase {
  const body = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 0x20);
  const draft: Draft = { headers: baseHeaders('push', id, port), body, signed: true, chunked: true };
  return { name: 'chunked body over 25 MB', bytes: toBytes(draft, secret), ids: [id], expect: 413 };
}

/** A valid, signed delivery as raw bytes (for a slow sender that is not malformed). */
export function validRequest(secret: string, port: number, id: string, event: string, payload: object): Buffer {
  return toBytes({ headers: baseHeaders(event, id, port), body: Buffer.from(JSON.stringify(payload)), signed: true }, secret);
}

function validDraft(rng: Prng, id: string, port: number): { draft: Draft; ids: string[] } {
  const { event, json } = rng.pick(bodies);
  return { draft: { headers: baseHeaders(event, id, port), body: json, signed: true }, ids: [id] };
}

function baseHeaders(event: string, id: string, port: number): Array<[string, string]> {
  return [
    ['host', `127.0.0.1:${port}`],
    ['user-agent', 'GitHub-Hookshot/fuzz'],
    ['content-type', 'application/json'],
    ['x-github-event', event],
    ['x-github-delivery', id],
  ];
}

/** The request's bytes: Content-Length unless one is set or the body goes chunked; headers as latin1, as HTTP/1.1 carries them. */
function toBytes(draft: Draft, secret: string): Buffer {
  const headers = [...draft.headers];
  if (draft.signed) headers.push(['x-hub-signature-256', sign(draft.body, secret)]);
  if (draft.chunked) headers.push(['transfer-encoding', 'chunked']);
  else if (!headers.some(([n]) => n === 'content-length')) headers.push(['content-length', String(draft.body.length)]);
  const head = Buffer.from(`POST / HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`, 'latin1');
  if (!draft.chunked) return Buffer.concat([head, draft.body]);
  return Buffer.concat([head, Buffer.from(`${draft.body.length.toString(16)}\r\n`), draft.body, Buffer.from('\r\n0\r\n\r\n')]);
}
