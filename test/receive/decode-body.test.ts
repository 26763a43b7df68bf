import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/pipeline/receive/decode-body.ts';
import { Rejection } from '../../src/pipeline/receive/rejection.ts';

const FORM = 'application/x-www-form-urlencoded';

function rejection(run: () => unknown): Rejection {
  try {
    run();
  } catch (err) {
    if (err instanceof Rejection) return err;
    throw err;
  }
  throw new Error('not rejected');
}

describe('decodeBody', () => {
  it('refuses JSON whose bytes are not UTF-8, rather than journaling U+FFFD in their place', () => {
    const body = Buffer.concat([Buffer.from('{"title":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const refused = rejection(() => decodeBody(body, 'application/json'));
    expect([refused.status, refused.message]).toEqual([400, 'body is not valid UTF-8']);
  });

  it('keeps UTF-8 text as sent', () => {
    const body = Buffer.from('{"title":"café ☕ 𝄞"}');
    const { json, payload } = decodeBody(body, 'application/json; charset=utf-8');
    expect(json).toBe(body);
    expect(payload.title).toBe('café ☕ 𝄞');
  });

  it('refuses a form payload whose percent-encoded bytes are not UTF-8, or with a stray %', () => {
    for (const bad of ['%FF', '%C3%28', '%ED%A0%80', '%zz', '%']) {
      const form = Buffer.from(`payload=${encodeURIComponent('{"a":"')}${bad}${encodeURIComponent('"}')}`);
      const refused = rejection(() => decodeBody(form, FORM));
      expect([refused.status, refused.message], bad).toEqual([400, 'form body is not valid percent-encoded UTF-8']);
    }
  });

  it('decodes a form payload as GitHub encodes it: + for space, UTF-8 percent-encoded, the first payload field', () => {
    const payload = { title: 'a b+c & café ☕', n: 1 };
    const form = Buffer.from(`other=x&payload=${encodeURIComponent(JSON.stringify(payload)).replaceAll('%20', '+')}&payload=%7B%7D`);
    const decoded = decodeBody(form, FORM);
    expect(decoded.payload).toEqual(payload);
    expect(decoded.json.toString('utf8')).toBe(JSON.stringify(payload));
    expect(rejection(() => decodeBody(Buffer.from('payloads=%7B%7D'), FORM)).message).toBe('form body has no "payload" field');
  });
});
