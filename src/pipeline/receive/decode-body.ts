import { isUtf8 } from 'node:buffer';
import { Rejection } from './rejection.ts';

/** The payload as JSON bytes and parsed, whichever of GitHub's two content types carried it. */
export interface DecodedBody {
  json: Buffer;
  payload: Record<string, unknown>;
}

/** Which of GitHub's two content types carries the payload; a 415 Rejection for any other (read before the body is). */
export function bodyType(contentType: string | undefined): 'json' | 'form' {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type === '') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  throw new Rejection(415, 'unsupported_media', `content type "${type}" is not supported: use application/json or application/x-www-form-urlencoded`);
}

export function decodeBody(raw: Buffer, contentType: string | undefined): DecodedBody {
  const type = bodyType(contentType);
  // JSON travels as UTF-8 (RFC 8259); decoding bad bytes would silently turn them into U+FFFD,
  // so the payload journaled and handed to hooks would no longer be the one that was signed.
  if (!isUtf8(raw)) throw new Rejection(400, 'bad_payload', 'body is not valid UTF-8');
  let json = raw;
  if (type === 'form') {
    const field = formField(raw.toString('utf8'), 'payload');
    if (field === undefined) throw new Rejection(400, 'bad_payload', 'form body has no "payload" field');
    json = Buffer.from(field, 'utf8');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new Rejection(400, 'bad_payload', `payload is not valid JSON: ${(err as Error).message}`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Rejection(400, 'bad_payload', 'payload must be a JSON object');
  }
  return { json, payload: payload as Record<string, unknown> };
}

/**
 * The first value of a form field. Decoded strictly, unlike URLSearchParams, which turns a
 * stray `%zz` or percent-encoded bytes that are not UTF-8 into other text without a word.
 */
function formField(form: string, name: string): string | undefined {
  for (const pair of form.split('&')) {
    const eq = pair.indexOf('=');
    if (formDecode(eq === -1 ? pair : pair.slice(0, eq)) === name) return formDecode(eq === -1 ? '' : pair.slice(eq + 1));
  }
  return undefined;
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw new Rejection(400, 'bad_payload', 'form body is not valid percent-encoded UTF-8');
  }
}
