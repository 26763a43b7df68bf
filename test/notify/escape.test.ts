import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/libs/notify/load-notify-config.ts';
import { escapeText } from '../../src/libs/notify/markup.ts';
import { plain, type Message } from '../../src/libs/notify/message.ts';
import { compileTemplate, renderTemplate } from '../../src/libs/notify/template.ts';
import { targetBody } from '../../src/libs/notify/target-body.ts';
import { example } from '../support/examples.ts';

const hostile = 'Fix [click me](https://evil.example/x) **now** _really_ ~gone~ `code` <a href="https://evil.example">a</a> <https://evil.example|slack> <!channel> {{DATE(2020-01-01T00:00:00Z)}} ![img](https://evil.example/i.png)';
const hostileBody = `${hostile}\n- list item\n1. numbered\n# heading\n> quote`;

function message(): { message: Message; issueUrl: string } {
  const payload = example('issues', (p) => p.action === 'opened');
  const issue = payload.issue as Record<string, unknown>;
  issue.title = hostile;
  issue.body = hostileBody;
  (payload.sender as Record<string, unknown>).login = '*evil*_[x](https://evil.example)';
  const spans = renderTemplate(compileTemplate('by **{sender/login}**: [#{issue/number} {issue/title}]({issue/html_url})\n{issue/body}'), { event: 'issues', payload }).spans;
  return {
    message: { event: 'issues', title: hostile, text: spans, facts: [{ title: 'Title', value: hostile }], url: issue.html_url as string },
    issueUrl: issue.html_url as string,
  };
}

const target = (type: Target['type'], markup: Target['markup'] = 'mrkdwn') => ({ type, markup });
/** Markdown with every backslash escape taken out: what is left is markup. */
const unescaped = (text: string) => text.replace(/\\[\s\S]/g, '');

describe('payload text cannot inject links or formatting', () => {
  it('Teams Adaptive Card: escaped for Markdown, one link (the template’s), no date function', () => {
    const { message: m, issueUrl } = message();
    const card = JSON.parse(targetBody(target('teams'), m).body).attachments[0].content;
    const [title, text, facts] = card.body[0].items;
    expect(unescaped(title.text)).not.toMatch(/[[\]()*_~`<>]/);
    expect(unescaped(facts.facts[0].value)).not.toMatch(/[[\]()*_~`<>]/);
    expect(title.text).not.toContain('{{');
    const links = [...unescaped(text.text).matchAll(/\[[^\]]*\]\(([^)]*)\)/g)].map((l) => l[1]);
    expect(links).toEqual([issueUrl]);
    // Bold: only the template's, around the escaped login.
    expect(unescaped(text.text).match(/\*\*/g)).toHaveLength(2);
    // No list, heading or quote opens from the body's lines.
    for (const line of text.text.split('\n')) expect(line).not.toMatch(/^\s*(?:[-+#>]|\d+\.)\s/);
  });

  it('MessageCard: HTML and Markdown escaped', () => {
    const { message: m, issueUrl } = message();
    const card = JSON.parse(targetBody(target('messagecard'), m).body);
    expect(card.title).not.toMatch(/[<>]/);
    expect(unescaped(card.title)).not.toMatch(/[[\]()*_~`]/);
    const section = card.sections[0];
    expect(section.text).not.toMatch(/<|>/);
    expect([...unescaped(section.text).matchAll(/\[[^\]]*\]\(([^)]*)\)/g)].map((l) => l[1])).toEqual([issueUrl]);
    expect(section.facts[0].value).not.toMatch(/[<>]/);
  });

  it('Slack: &, <, > as entities, marks kept from pairing, one link', () => {
    const { message: m, issueUrl } = message();
    const post = JSON.parse(targetBody(target('slack'), m).body);
    const attachment = post.attachments[0];
    for (const text of [attachment.fallback, attachment.title, attachment.fields[0].value]) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/(^|[^\u200b])[*_~`]|[*_~`](?!\u200b)/);
    }
    expect([...attachment.text.matchAll(/<([^|>]*)\|[^>]*>/g)].map((l) => l[1])).toEqual([issueUrl]);
    expect(attachment.text.match(/</g)).toHaveLength(1);
    expect(attachment.text).not.toContain('<!channel>');
  });

  it('Mattermost and Rocket.Chat (markup "markdown"): escaped as Markdown', () => {
    const { message: m, issueUrl } = message();
    const attachment = JSON.parse(targetBody(target('slack', 'markdown'), m).body).attachments[0];
    expect(unescaped(attachment.title)).not.toMatch(/[[\]()*_~`<>]/);
    expect([...unescaped(attachment.text).matchAll(/\[[^\]]*\]\(([^)]*)\)/g)].map((l) => l[1])).toEqual([issueUrl]);
  });

  it('generic JSON: the texts as written, for the receiver to escape', () => {
    const { message: m } = message();
    const post = JSON.parse(targetBody(target('json'), m).body);
    expect(post.title).toBe(hostile);
    expect(post.text).toBe(plain(m.text));
  });

  it('a link whose URL is not http(s) becomes text', () => {
    const spans = renderTemplate(compileTemplate('[open]({target})'), { event: 'x', payload: { target: 'javascript:alert(1)' } }).spans;
    expect(spans).toEqual([{ text: 'open', bold: undefined, href: undefined }]);
  });

  it('escapes each markup’s specials and keeps plain text as is', () => {
    expect(escapeText('a_b *c* [d](e)', 'markdown')).toBe('a\\_b \\*c\\* \\[d\\]\\(e\\)');
    expect(escapeText('1. x\n- y', 'markdown')).toBe('1\\. x\n\\- y');
    expect(escapeText('<b>&', 'markdown-html')).toBe('&lt;b&gt;&amp;');
    expect(escapeText('<@U1> & *b*', 'mrkdwn')).toBe('&lt;@U1&gt; &amp; \u200b*\u200bb\u200b*\u200b');
    expect(escapeText('*as is*', 'plain')).toBe('*as is*');
  });
});
