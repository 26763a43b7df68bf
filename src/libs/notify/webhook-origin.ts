/** A webhook URL as logs and results show it: scheme and host, the secret path and query hidden. */
export function webhookOrigin(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/…`;
  } catch {
    return '…';
  }
}

/** Text (an error message, a response) with every occurrence of the URL, or of its path, redacted. */
export function scrub(text: string, url: string): string {
  let path = '';
  try {
    const parsed = new URL(url);
    path = parsed.pathname.length > 1 ? parsed.pathname + parsed.search : parsed.search;
  } catch {}
  let out = text.split(url).join(webhookOrigin(url));
  if (path.length > 1) out = out.split(path).join('/…');
  return out;
}
