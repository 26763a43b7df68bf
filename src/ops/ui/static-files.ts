import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';

const pageDir = fileURLToPath(new URL('./page/', import.meta.url));

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/**
 * Only the page's own scripts and styles run: no inline script or style, no other origin,
 * no framing. Payload text that slipped into markup could still not run.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Answers with one of the page's files (src/ops/ui/page), by a plain name: no paths, no other types. */
export async function sendPageFile(ctx: Context, name: string): Promise<void> {
  const type = /^[a-z][a-z-]*\.(html|js|css|svg)$/.exec(name)?.[1];
  const text = type && (await readFile(pageDir + name, 'utf8').catch(() => undefined));
  if (!type || text === undefined) {
    ctx.status = 404;
    ctx.body = { error: 'not found' };
    return;
  }
  ctx.set({
    'content-type': types[type]!,
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  ctx.body = text;
}
