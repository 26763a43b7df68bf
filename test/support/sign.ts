import { createHmac } from 'node:crypto';

export function sign(body: string | Buffer, secret: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}
