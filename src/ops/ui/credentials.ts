import { createHash } from 'node:crypto';
import { sameSecret } from '../../base/bearer-token.ts';
import type { Config } from '../../config/schema.ts';

type UiConfig = Config['ui'];

/** The page exists only with a token or a password: it shows payloads and runs hooks. */
export function uiEnabled(ui: UiConfig): boolean {
  return ui.token !== '' || ui.password !== '';
}

/**
 * Whether a login matches: the token as the password (any user name), or the user and
 * password. Every comparison runs, in constant time, so timing tells nothing about which failed.
 */
export function loginMatches(ui: UiConfig, user: string, password: string): boolean {
  const [token, userName, userPassword] = [sameSecret(password, ui.token), sameSecret(user, ui.user), sameSecret(password, ui.password)];
  return (ui.token !== '' && token) || (ui.password !== '' && userName && userPassword);
}

/** A fingerprint of the credentials in force: sessions made with others are no longer valid. */
export function credentialsKey(ui: UiConfig): string {
  return createHash('sha256').update(JSON.stringify([ui.token, ui.user, ui.password])).digest('base64url');
}
