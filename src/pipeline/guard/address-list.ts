import { BlockList, isIP } from 'node:net';

/** IPv4 peers of a dual-stack socket show as `::ffff:a.b.c.d`; compare them as IPv4. */
export function normalizeAddress(address: string): string {
  if (!address.startsWith('::ffff:') && !address.startsWith('::FFFF:')) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** A set of CIDRs (IPv4 and IPv6) that answers "is this address inside?". */
export class AddressList {
  readonly #list = new BlockList();
  readonly size: number;

  constructor(readonly cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address = '', bits] = cidr.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      this.#list.addSubnet(address, Number(bits ?? (family === 'ipv4' ? 32 : 128)), family);
    }
    this.size = cidrs.length;
  }

  has(address: string): boolean {
    const family = isIP(address);
    if (this.size === 0 || family === 0) return false;
    return this.#list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
