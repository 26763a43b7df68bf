import { describe, expect, it } from 'vitest';
import { credentialsKey, loginMatches, uiEnabled } from '../../src/ops/ui/credentials.ts';
import { Sessions } from '../../src/ops/ui/sessions.ts';

const ui = (token: string, password: string) => ({ token, user: 'admin', password, session_h: 12 });

describe("the web page's login", () => {
  it('is off with neither token nor password, and an empty password never matches', () => {
    expect(uiEnabled(ui('', ''))).toBe(false);
    expect(loginMatches(ui('', ''), 'admin', '')).toBe(false);
    expect(loginMatches(ui('t0ken', ''), 'admin', '')).toBe(false);
  });

  it('takes the token with any user name, or the user and password', () => {
    expect(loginMatches(ui('t0ken', 'pw'), 'anyone', 't0ken')).toBe(true);
    expect(loginMatches(ui('t0ken', 'pw'), 'admin', 'pw')).toBe(true);
    expect(loginMatches(ui('t0ken', 'pw'), 'someone', 'pw')).toBe(false);
    expect(loginMatches(ui('t0ken', 'pw'), 'admin', 'PW')).toBe(false);
  });

  it('keeps a session until it expires, it is ended, or the credentials change', () => {
    const sessions = new Sessions();
    const key = credentialsKey(ui('t0ken', ''));
    const id = sessions.create(key, 1000, 0);
    expect(sessions.valid(id, key, 999)).toBe(true);
    expect(sessions.valid(id, key, 1000)).toBe(false);
    expect(sessions.valid(id, credentialsKey(ui('new token', '')), 500)).toBe(false);
    expect(sessions.valid('guessed', key, 500)).toBe(false);
    sessions.end(id);
    expect(sessions.valid(id, key, 500)).toBe(false);
  });
});
