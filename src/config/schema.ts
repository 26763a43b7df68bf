import { isIP } from 'node:net';
import { z } from 'zod';

/** `192.0.2.0/24`, `2001:db8::/32`, or a bare address (a /32 or /128). */
function isCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

const cidr = z.string().refine(isCidr, { message: 'expected a CIDR such as "192.0.2.0/24" or "2001:db8::/32"' });

/**
 * The keys of config.json. The original's names are kept; every key has a default,
 * and an unknown key is an error, so that a typo never silently means "default".
 */
export const configSchema = z.strictObject({
  http_port: z.number().int().min(0).max(65535).default(5000),
  http_host: z.string().min(1).default('0.0.0.0'),
  /** A second path the delivery handler answers at, besides `/` (for a reverse proxy). */
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9._~\-/]*$/, { message: 'expected a URL path such as "/webhooks"' })
    .default(''),
  github_ips_only: z.boolean().default(true),
  enforce_secret: z.union([z.string(), z.array(z.string().min(1))]).default(''),
  return_scripts_info: z.boolean().default(true),
  hooks_path: z.string().min(1).default('hooks'),
  backup_path: z.string().default(''),
  debug_level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']).default('INFO'),
  allowed_ips: z.array(cidr).default([]),
  trusted_proxies: z.array(cidr).default([]),
  github_meta_url: z.url({ protocol: /^https?$/ }).default('https://api.github.com/meta'),
  /** Where the last fetched GitHub meta document is kept; "" = the system's temp folder. */
  cache_path: z.string().default(''),
  legacy_scripts: z.boolean().default(true),
  child_hooks: z.enum(['plus', 'prefix']).default('plus'),
  hook_timeout_s: z.number().positive().max(86_400).default(30),
  /** Worker threads that run module hooks; each hook always runs in the same one. */
  hook_threads: z.number().int().min(1).max(8).default(1),
});

export type ConfigFile = z.input<typeof configSchema>;

/** A validated config, with paths made absolute and the secrets as a list. */
export type Config = z.output<typeof configSchema> & {
  /** The file it was read from (absolute), or "" when built in code. */
  file: string;
  secrets: string[];
};

export type DebugLevel = Config['debug_level'];
