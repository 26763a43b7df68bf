import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Rejection } from '../receive/rejection.ts';

/** The hex digits of each digest. */
const hexDigits = { sha256: 64, sha1: 40 } as const;

/**
 * Checks GitHub's HMAC over the raw body against each configured secret (several, so one
 * can be rotated). X-Hub-Signature-256 is used when present; the legacy sha1 header only
 * when it is the only one sent. Compared in constant time, over the bytes as received:
 * @octokit/webhooks-methods checks sha256 only and wants the body as a string.
 */
export function verifySignature(raw: Buffer, headers: IncomingHttpHeaders, secrets: readonly string[]): void {
  const { algorithm, given } = signatureHeader(headers);
  for (const secret of secrets) {
    const expected = createHmac(algorithm, secret).update(raw).digest();
    if (timingSafeEqual(given, expected)) return; // of one length: the form was checked
  }
  throw new Rejection(403, 'signature', `signature does not match (${algorithm}): wrong secret, or the body was changed`);
}

/** The signature the headers carry, checked for its form: read before the body, so that a delivery without one is refused unread. */
export function signatureHeader(headers: IncomingHttpHeaders): { algorithm: 'sha256' | 'sha1'; given: Buffer } {
  const sha256 = header(headers['x-hub-signature-256']);
  const sha1 = header(headers['x-hub-signature']);
  const [algorithm, sent] = sha256 !== undefined ? (['sha256', sha256] as const) : (['sha1', sha1] as const);
  if (sent === undefined) throw new Rejection(403, 'signature', 'signature missing: X-Hub-Signature-256 header expected');
  const match = /^(sha256|sha1)=([0-9a-f]+)$/i.exec(sent.trim());
  // Exactly the digest's length: Buffer.from(hex) would drop an odd last digit and take the rest.
  if (!match || match[1]!.toLowerCase() !== algorithm || match[2]!.length !== hexDigits[algorithm]) {
    throw new Rejection(403, 'signature', `signature malformed: expected "${algorithm}=" and ${hexDigits[algorithm]} hex digits`);
  }
  return { algorithm, given: Buffer.from(match[2]!, 'hex') };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
