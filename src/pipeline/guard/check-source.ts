import type { Config } from '../../config/schema.ts';
import { Rejection } from '../receive/rejection.ts';
import { AddressList } from './address-list.ts';
import { clientAddress } from './client-address.ts';

export interface HookRanges {
  has(address: string): boolean;
}

const lists = new WeakMap<Config, { allowed: AddressList; trusted: AddressList }>();

/** The config's CIDR lists, built once per config version. */
function listsOf(config: Config) {
  let entry = lists.get(config);
  if (!entry) {
    entry = { allowed: new AddressList(config.allowed_ips), trusted: new AddressList(config.trusted_proxies) };
    lists.set(config, entry);
  }
  return entry;
}

/**
 * With `github_ips_only`, a delivery must come from GitHub's hook ranges or `allowed_ips`,
 * else 403. Returns the client's address (for the log) either way.
 */
export function checkSource(peer: string | undefined, forwardedFor: string | undefined, config: Config, github: HookRanges): string {
  const { allowed, trusted } = listsOf(config);
  const client = clientAddress(peer, forwardedFor, trusted);
  if (config.github_ips_only && !github.has(client) && !allowed.has(client)) {
    throw new Rejection(403, 'source', `source address ${client || 'unknown'} is neither GitHub's nor in allowed_ips`);
  }
  return client;
}
