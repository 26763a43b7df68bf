import { describe, expect, it } from 'vitest';
import { renderSpans } from '../../src/libs/notify/markup.ts';
import { plain } from '../../src/libs/notify/message.ts';
import { compileTemplate, renderTemplate } from '../../src/libs/notify/template.ts';
import { example } from '../support/examples.ts';

const render = (source: string, payload: Record<string, unknown>, event = 'issues') => renderTemplate(compileTemplate(source), { event, payload });

describe('templates', () => {
  const payload = { action: 'opened', issue: { number: 1347, title: 'Crash', labels: [{ name: 'bug' }, { name: 'p1' }], html_url: 'https://github.com/acme/w/issues/1347' }, repository: { name: 'w', full_name: 'acme/w' } };

  it("fills the original's placeholders: payload paths, {event}, missing values as nothing", () => {
    const out = render('{event}: {repository/name} #{issue/number} {issue/labels/0/name} [{issue/nosuch}] {not a placeholder}', payload);
    expect(plain(out.spans)).toBe('issues: w #1347 bug [] {not a placeholder}');
    expect(out.errors).toEqual([]);
  });

  it('evaluates ${…} expressions over the payload, numbers without thousands separators, braces and quotes inside', () => {
    const out = render("${concat('#', issue.number)} ${issue.number} ${join(select(issue.labels, l, l.name), ', ')} ${if(action == 'opened', '{open}', 'x')} ${event}", payload);
    expect(plain(out.spans)).toBe('#1347 1347 bug, p1 {open} issues');
  });

  it('reports an expression that fails to evaluate, rendering it as nothing', () => {
    const out = render("a${substring(issue.title, 10, 5)}b", payload);
    expect(plain(out.spans)).toBe('ab');
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/substring/);
  });

  it('refuses an expression that does not parse or is not closed, naming it', () => {
    expect(() => compileTemplate('x ${action == } y')).toThrow(/\$\{action ==\}/);
    expect(() => compileTemplate("x ${concat('a'")).toThrow(/not closed/);
  });

  it('takes **bold** and [label](url) as marks; values inside a URL are encoded; a lone [ stays text', () => {
    const out = render('**{issue/title}** [#{issue/number}]({issue/html_url}) [tree](https://github.com/{repository/full_name}/tree/{ref}) [x', { ...payload, ref: 'a b(c)' });
    expect(out.spans).toEqual([
      { text: 'Crash', bold: true },
      { text: ' ', bold: undefined },
      { text: '#1347', bold: undefined, href: 'https://github.com/acme/w/issues/1347' },
      { text: ' ', bold: undefined },
      { text: 'tree', bold: undefined, href: 'https://github.com/acme/w/tree/a%20b(c)' },
      { text: ' [x', bold: undefined },
    ]);
    expect(renderSpans(out.spans, 'markdown')).toContain('[tree](https://github.com/acme/w/tree/a%20b%28c%29)');
    expect(renderSpans(out.spans, 'mrkdwn')).toBe('*Crash* <https://github.com/acme/w/issues/1347|#1347> <https://github.com/acme/w/tree/a%20b(c)|tree> [x');
  });

  it('{payload_text} and the payload tables list the fields, skipping API URLs', () => {
    const issues = example('issues');
    const text = plain(render('{payload_text}', issues).spans);
    expect(text).toContain(`issue/number: ${(issues.issue as { number: number }).number}`);
    expect(text).not.toMatch(/^[^:]*\/url: /m);
    for (const table of ['{payload_table_md}', '{payload_table_html}']) {
      const spans = render(table, issues).spans;
      expect(spans.find((s) => s.bold)?.text).toBe('action');
      expect(plain(spans)).toBe(text);
    }
  });
});
