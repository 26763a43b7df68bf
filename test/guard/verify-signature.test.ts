import { sign as octokitSign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/pipeline/guard/verify-signature.ts';
import { Rejection } from '../../src/pipeline/receive/rejection.ts';

const secret = "It's a Secret to Everybody";
const body = Buffer.from('Hello, World!');
// GitHub's documented test vector (docs: "Validating webhook deliveries").
const githubSignature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

function rejection(fn: () => void): Rejection {
  try {
    fn();
  } catch (err) {
    if (err instanceof Rejection) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('verifySignature', () => {
  it("passes GitHub's documented test vector", () => {
    expect(() => verifySignature(body, { 'x-hub-signature-256': githubSignature }, [secret])).not.toThrow();
  });

  it('agrees with @octokit/webhooks-methods', async () => {
    const payload = '{"zen":"Keep it logically awesome."}';
    const signature = await octokitSign(secret, payload);
    expect(() => verifySignature(Buffer.from(payload), { 'x-hub-signature-256': signature }, [secret])).not.toThrow();
  });

  it('refuses a changed body, a wrong secret, a missing or malformed header with 403', () => {
    expect(rejection(() => verifySignature(Buffer.from('Hello, World?'), { 'x-hub-signature-256': githubSignature }, [secret])).status).toBe(403);
    expect(rejection(() => verifySignature(body, { 'x-hub-signature-256': githubSignature }, ['another secret'])).message).toMatch(/does not match/);
    expect(rejection(() => verifySignature(body, {}, [secret])).message).toMatch(/missing/);
    expect(rejection(() => verifySignature(body, { 'x-hub-signature-256': 'sha256=zz' }, [secret])).message).toMatch(/malformed/);
    expect(rejection(() => verifySignature(body, { 'x-hub-signature-256': githubSignature.slice(0, -2) }, [secret])).status).toBe(403);
  });

  it('takes exactly the digest\'s length: one hex digit more or less is malformed, not half a byte dropped', () => {
    for (const sent of [`${githubSignature}0`, `${githubSignature}f`, githubSignature.slice(0, -1), `${githubSignature}00`]) {
      expect(rejection(() => verifySignature(body, { 'x-hub-signature-256': sent }, [secret])).message).toBe('signature malformed: expected "sha256=" and 64 hex digits');
    }
    const sha1 = 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59';
    expect(rejection(() => verifySignature(body, { 'x-hub-signature': `${sha1}7` }, [secret])).message).toBe('signature malformed: expected "sha1=" and 40 hex digits');
  });

  it('checks the legacy sha1 header only when no sha256 header is sent', () => {
    const sha1 = 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59';
    expect(() => verifySignature(body, { 'x-hub-signature': sha1 }, [secret])).not.toThrow();
    expect(() => verifySignature(body, { 'x-hub-signature': 'sha1=0000000000000000000000000000000000000000' }, [secret])).toThrow(Rejection);
    // A wrong sha256 is not rescued by a right sha1.
    expect(() => verifySignature(body, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'x-hub-signature': sha1 }, [secret])).toThrow(Rejection);
  });

  it('accepts any one of several secrets, so a secret can be rotated', () => {
    expect(() => verifySignature(body, { 'x-hub-signature-256': githubSignature }, ['new secret', secret])).not.toThrow();
  });
});
