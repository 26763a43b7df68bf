import { describe, expect, it } from 'vitest';
import { AddressList } from '../../src/pipeline/guard/address-list.ts';
import { clientAddress } from '../../src/pipeline/guard/client-address.ts';

const none = new AddressList([]);
const proxies = new AddressList(['10.0.0.0/8', '::1/128']);

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.9', '140.82.112.1', none)).toBe('203.0.113.9');
  });

  it('reads X-Forwarded-For from a trusted proxy, from the right, up to the first untrusted hop', () => {
    expect(clientAddress('10.1.1.1', '140.82.112.1', proxies)).toBe('140.82.112.1');
    // The client forged the first entry; the proxies appended what they saw.
    expect(clientAddress('10.1.1.1', '140.82.112.1, 203.0.113.9, 10.2.2.2', proxies)).toBe('203.0.113.9');
  });

  it('takes a trusted proxy that names no client for an unknown client, never for itself', () => {
    expect(clientAddress('10.1.1.1', undefined, proxies)).toBe('');
  });

  it('compares IPv4-mapped IPv6 peers as IPv4', () => {
    expect(clientAddress('::ffff:10.1.1.1', '192.30.252.1', proxies)).toBe('192.30.252.1');
    expect(new AddressList(['127.0.0.1/32']).has(clientAddress('::ffff:127.0.0.1', undefined, none))).toBe(true);
  });

  it('never matches an address that is not one', () => {
    expect(new AddressList(['0.0.0.0/0']).has(clientAddress('10.1.1.1', 'not-an-ip', proxies))).toBe(false);
  });
});
