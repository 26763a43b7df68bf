import { randomBytes } from 'node:crypto';

/**
 * The web page's logins, in memory: a random id each, valid until it expires, the user
 * logs out, or the credentials it was made with change (a restart ends them all).
 */
export class Sessions {
  readonly #expiry = new Map<string, { until: number; credentials: string }>();

  /** A new session for the credentials in force (their fingerprint, see `credentialsKey`). */
  create(credentials: string, lifetimeMs: number, now = Date.now()): string {
    for (const [id, session] of this.#expiry) if (session.until <= now) this.#expiry.delete(id);
    const id = randomBytes(32).toString('base64url');
    this.#expiry.set(id, { until: now + lifetimeMs, credentials });
    return id;
  }

  valid(id: string | undefined, credentials: string, now = Date.now()): boolean {
    const session = id === undefined ? undefined : this.#expiry.get(id);
    return session !== undefined && session.until > now && session.credentials === credentials;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.#expiry.delete(id);
  }
}
