import type { Context } from 'koa';
import type { Config } from '../../config/schema.ts';
import { AddressList, normalizeAddress } from '../../pipeline/guard/address-list.ts';

const name = 'genvoy_ui';

export function sessionId(ctx: Context): string | undefined {
  return ctx.cookies.get(name) || undefined;
}

/**
 * Sets (or, with no id, clears) the session cookie: script cannot read it, no other site's
 * request carries it, and over HTTPS it never travels in clear. Written by hand: koa's
 * cookies refuse `Secure` on the plain connection from a TLS-ending proxy.
 */
export function setSessionCookie(ctx: Context, config: Config, id: string | undefined, maxAgeS = 0): void {
  const parts = [`${name}=${id ?? ''}`, 'Path=/ui', 'HttpOnly', 'SameSite=Strict', `Max-Age=${id ? Math.round(maxAgeS) : 0}`];
  if (overHttps(ctx, config)) parts.push('Secure');
  ctx.set('set-cookie', parts.join('; '));
}

/** HTTPS to genvoy itself, or to a trusted proxy that says so in X-Forwarded-Proto. */
function overHttps(ctx: Context, config: Config): boolean {
  if ((ctx.req.socket as { encrypted?: boolean }).encrypted) return true;
  const peer = normalizeAddress(ctx.req.socket.remoteAddress ?? '');
  const proto = ctx.get('x-forwarded-proto').split(',').at(0)?.trim().toLowerCase();
  return proto === 'https' && new AddressList(config.trusted_proxies).has(peer);
}
