/**
 * A secret shortened to its first and last few characters, enough to recognise it in a
 * config or a commit, never enough to use it: `ghp_…f00d`. The shorter the secret, the less
 * of it shows; under 6 characters nothing does.
 */
export function redact(secret: string): string {
  const chars = [...secret];
  const keep = chars.length >= 24 ? 4 : chars.length >= 12 ? 2 : chars.length >= 6 ? 1 : 0;
  return keep === 0 ? '…' : `${chars.slice(0, keep).join('')}…${chars.slice(-keep).join('')}`;
}

/**
 * Takes credentials out of URLs in a text (a git error message, a log line):
 * `https://user:pass@host` → `https://user:…@host`; a bare token as the user → `…@host`.
 */
export function redactUrls(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(:[^\s/@]*)?@/gi, (_, scheme: string, user: string, password?: string) => {
    if (password) return `${scheme}${user}:…@`;
    return user.length >= 16 ? `${scheme}…@` : `${scheme}${user}@`;
  });
}
