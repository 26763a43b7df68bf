import { createHmac } from 'node:crypto';

/** GitHub's signature header value for a body: `sha256=<hex HMAC>` (or the legacy `sha1=…`). */
export function sign(body: string | Buffer, secret: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}
