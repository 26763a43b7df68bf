import type { GitProtocol } from './run-git.ts';

export class CloneUrlError extends Error {
  override name = 'CloneUrlError';
}

/**
 * Fills a URL template such as `git@github.com:{repository/full_name}.git` from the payload:
 * `{a/b}` walks the payload (the original's placeholder syntax). A placeholder that names no
 * string or number is an error, never an empty piece of URL.
 */
export function expandUrlTemplate(template: string, payload: unknown): string {
  return template.replace(/\{([^{}]+)\}/g, (_, path: string) => {
    let value: unknown = payload;
    for (const key of path.split('/')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new CloneUrlError(`URL template: {${path}} is not a text in the payload`);
    return String(value);
  });
}

/**
 * Accepts only URLs of the given protocols: `https://`, `ssh://` (and scp-like
 * `user@host:path`), `git://`, `file://`. Refused: git's `transport::address` form (`ext::sh
 * -c …` runs a command), anything that starts with `-` (an option), whitespace and control
 * characters, and every other scheme.
 */
export function checkCloneUrl(url: string, protocols: readonly GitProtocol[]): string {
  if (url.startsWith('-')) throw new CloneUrlError('clone URL starts with "-"');
  if (/[\s\x00-\x1f\x7f]/.test(url)) throw new CloneUrlError('clone URL contains whitespace or control characters');
  if (url.includes('::')) throw new CloneUrlError('clone URL uses a git transport helper ("::"), which is never allowed');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (!(protocols as readonly string[]).includes(scheme)) throw new CloneUrlError(`clone URL scheme "${scheme}" is not allowed (only ${protocols.join(', ')})`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CloneUrlError('clone URL does not parse');
    }
    // ssh would read a host or user starting with "-" as an option (CVE-2017-1000117).
    if (parsed.hostname.startsWith('-') || decodeURIComponent(parsed.username).startsWith('-')) throw new CloneUrlError('clone URL host or user starts with "-"');
    return url;
  }
  // scp-like ssh: [user@]host:path; neither part may start with "-", the path not with "//".
  if (/^(?:[A-Za-z0-9_][A-Za-z0-9._~-]*@)?[A-Za-z0-9][A-Za-z0-9.-]*:(?!\/\/)[^:-]/.test(url)) {
    if (!protocols.includes('ssh')) throw new CloneUrlError(`clone URL is ssh (user@host:path), which is not allowed (only ${protocols.join(', ')})`);
    return url;
  }
  throw new CloneUrlError('clone URL is neither https://, ssh://, git://, file:// nor user@host:path');
}
