import type { IncomingMessage } from 'node:http';
import { AddressList, normalizeAddress } from './address-list.ts';

/**
 * The address a delivery came from. X-Forwarded-For is believed only from a trusted proxy,
 * and read from the right: each trusted hop names the one before it, and the first
 * untrusted address is the client. (The original believed the first entry from anyone.)
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: AddressList): string {
  let address = normalizeAddress(peer ?? '');
  if (!trusted.has(address)) return address;
  // A proxy that names no client hides it: unknown, so never taken for the proxy itself.
  if (!forwardedFor) return '';
  const hops = forwardedFor.split(',').map((hop) => normalizeAddress(hop.trim()));
  while (trusted.has(address) && hops.length > 0) address = hops.pop()!;
  return address;
}

/** The client of a request that is not a delivery (the web page, a bearer endpoint), past the proxies trusted now. */
export function requestClient(req: IncomingMessage, trustedProxies: readonly string[]): string {
  // node joins repeated X-Forwarded-For headers into one.
  return clientAddress(req.socket.remoteAddress, (req.headers['x-forwarded-for'] as string | undefined) || undefined, new AddressList(trustedProxies));
}
