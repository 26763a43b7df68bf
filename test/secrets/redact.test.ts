import { describe, expect, it } from 'vitest';
import { entropy } from '../../src/libs/secrets/entropy.ts';
import { redact, redactUrls } from '../../src/libs/secrets/redact.ts';
import { fake } from '../support/fake-secrets.ts';

describe('redact', () => {
  it('keeps the first and last few characters, fewer of a shorter secret', () => {
    expect(redact(fake.githubPat)).toBe(`ghp_…${fake.githubPat.slice(-4)}`);
    expect(redact('abcdefghijklm')).toBe('ab…lm');
    expect(redact('hunter2')).toBe('h…2');
    expect(redact('abc')).toBe('…');
  });
});

describe('redactUrls', () => {
  it('takes passwords and token users out of URLs', () => {
    expect(redactUrls(`fatal: https://bot:${fake.dbPassword}@git.example.com/x.git not found`)).toBe('fatal: https://bot:…@git.example.com/x.git not found');
    expect(redactUrls(`https://${fake.githubPat}@github.com/acme/x`)).toBe('https://…@github.com/acme/x');
    expect(redactUrls('ssh://git@github.com/acme/x')).toBe('ssh://git@github.com/acme/x');
  });
});

describe('entropy', () => {
  it('rates random text above words', () => {
    expect(entropy(fake.apiSecret)).toBeGreaterThan(4);
    expect(entropy('passwordpasswordpassword')).toBeLessThan(3);
    expect(entropy('')).toBe(0);
  });
});
