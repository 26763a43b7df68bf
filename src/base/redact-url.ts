/** A Redis URL fit for a log line: its password, if any, replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable: say nothing more than the scheme, since the rest may hold the password.
    return `${url.split('://')[0]}://…`;
  }
}

/** A config value that may hold a Redis URL, fit for a log line. */
export function redactQueue<T>(value: T): T {
  if (typeof value !== 'object' || value === null || !('url' in value) || typeof value.url !== 'string') return value;
  return { ...value, url: redactUrl(value.url) };
}
