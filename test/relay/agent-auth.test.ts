import { describe, expect, it } from 'vitest';
import { tokenMatches } from '../../src/ops/relay/agent-auth.ts';

describe('relay token check', () => {
  const tokens = ['first-token-0123456789', 'second-token-0123456789'];

  it('takes any configured token, and only a whole one', () => {
    expect(tokenMatches('first-token-0123456789', tokens)).toBe(true);
    expect(tokenMatches('second-token-0123456789', tokens)).toBe(true);
    expect(tokenMatches('first-token-012345678', tokens)).toBe(false);
    expect(tokenMatches('first-token-01234567890', tokens)).toBe(false);
    expect(tokenMatches('FIRST-TOKEN-0123456789', tokens)).toBe(false);
  });

  it('never matches an empty token, nor anything when none is configured', () => {
    expect(tokenMatches('', tokens)).toBe(false);
    expect(tokenMatches('', [''])).toBe(false);
    expect(tokenMatches('first-token-0123456789', [])).toBe(false);
  });
});
