import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/libs/notify/describe-event.ts';
import { digest } from '../../src/libs/notify/digest.ts';
import { plain } from '../../src/libs/notify/message.ts';
import { busyMorning } from '../../scripts/gallery/cases.ts';
import { examples } from '../support/examples.ts';

describe('the digest of messages held back by a rate limit', () => {
  it('says how many, over which span and where first; merges identical items with a count; shows severity per line, never a tinted card', () => {
    const d = digest(busyMorning());
    expect(d.title).toBe('21 events from 09:02 to 09:14 UTC');
    expect(d.color).toBeUndefined();
    const lines = plain(d.text).split('\n');
    expect(lines[0]).toBe('19 in Codertocat/Hello-World · 1 in octo-org/octo-repo · 1 in wolfy1339/pika-pack');
    const shown = d.text.filter((s) => s.href).map((s) => s.text);
    expect(shown).toContain('16 new stars on Codertocat/Hello-World');
    expect(d.text.map((s) => s.text).join('')).toContain('⭐ 16 new stars on Codertocat/Hello-World');
    // The failure and the alert come first, with a red mark.
    expect(lines[1]).toBe('🔴 Check "Octocoders-linter" failed on changes in Codertocat/Hello-World (https://github.com/Codertocat/Hello-World/runs/128620228)');
    expect(lines[2]).toMatch(/^🔴 Dependabot alert #20 /);
    expect(shown).toHaveLength(6);
    expect(lines).toHaveLength(7);
  });

  it('lists at most a dozen lines, then "and N more" with event names in words', () => {
    const many = examples.filter((e) => !['star', 'watch', 'fork'].includes(e.event)).slice(0, 40).map((e, i) => ({ ...describeEvent(e.event, e.payload), at: Date.UTC(2026, 11, 4, 23, 58) + i * 15_000 }));
    const d = digest(many);
    expect(d.title).toBe('40 events from 4 Dec 23:58 to 5 Dec 00:07 UTC');
    const lines = plain(d.text).split('\n');
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(lines.at(-1)).toMatch(/^and \d+ more: /);
    expect(lines.at(-1)).not.toMatch(/_/);
    expect(lines.at(-1)).toMatch(/check runs|check suites|pull request reviews|code scanning alerts/);
  });
});
