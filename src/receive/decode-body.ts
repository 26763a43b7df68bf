import { Rejection } from './rejection.ts';

/** The payload as JSON bytes and parsed, whichever of GitHub's two content types carried it. */
export interface DecodedBody {
  json: Buffer;
  payload: Record<string, unknown>;
}

export function decodeBody(raw: Buffer, contentType: string | undefined): DecodedBody {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let json: Buffer;
  if (type === 'application/json' || type === '') {
    json = raw;
  } else if (type === 'application/x-www-form-urlencoded') {
    const field = new URLSearchParams(raw.toString('utf8')).get('payload');
    if (field === null) throw new Rejection(400, 'form body has no "payload" field');
    json = Buffer.from(field, 'utf8');
  } else {
    throw new Rejection(415, `content type "${type}" is not supported: use application/json or application/x-www-form-urlencoded`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new Rejection(400, `payload is not valid JSON: ${(err as Error).message}`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Rejection(400, 'payload must be a JSON object');
  }
  return { json, payload: payload as Record<string, unknown> };
}
