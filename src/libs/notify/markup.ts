import type { Span } from './message.ts';

/**
 * The markups targets read: `markdown` (Adaptive Card TextBlocks, Mattermost, Rocket.Chat),
 * `markdown-html` (MessageCard, whose renderer also takes HTML), `mrkdwn` (Slack) and `plain`.
 */
export type Markup = 'markdown' | 'markdown-html' | 'mrkdwn' | 'plain';

const zwsp = '\u200b';

/**
 * Escapes untrusted text so that the target shows it as written: no link, no formatting,
 * no mention. Newlines are kept (a title is made one line before).
 */
export function escapeText(text: string, markup: Markup): string {
  switch (markup) {
    case 'plain':
      return text;
    case 'mrkdwn':
      // Slack has no escape for its marks: a zero-width space beside one keeps it from pairing.
      return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/[*_~`]/g, (c) => `${zwsp}${c}${zwsp}`);
    case 'markdown':
    case 'markdown-html': {
      let out = text.replace(/[\\`*_[\]()~|]/g, (c) => `\\${c}`);
      // An `&` escaped keeps an entity typed by a user (`&amp;`) from being decoded into another character.
      out = markup === 'markdown-html' ? out.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : out.replace(/[<>&]/g, (c) => `\\${c}`);
      // A list, quote or heading opens only at a line's start; Adaptive Cards expand {{DATE(…)}}.
      return out
        .replace(/^(\s*)([-+#])/gm, '$1\\$2')
        .replace(/^(\s*\d+)\./gm, '$1\\.')
        .replace(/\{\{/g, `{${zwsp}{`);
    }
  }
}

/** A URL as the markup's link syntax needs it: characters that would end the link are percent-encoded. */
function linkTarget(href: string, markup: Markup): string {
  const encode = markup === 'mrkdwn' ? /[|<> ]/g : /[()<> [\]]/g;
  return href.replace(encode, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Spans as the markup's text: values escaped, bold and links in the markup's syntax. */
export function renderSpans(spans: Span[], markup: Markup): string {
  const newline = markup === 'markdown' || markup === 'markdown-html' ? '\n\n' : '\n';
  return spans
    .map((span) =>
      span.text
        .split('\n')
        .map((line) => renderLine(line, span, markup))
        .join(newline),
    )
    .join('');
}

function renderLine(line: string, span: Span, markup: Markup): string {
  if (!line) return '';
  if (span.href && markup !== 'plain') {
    const label = escapeText(line, markup);
    const target = linkTarget(span.href, markup);
    const link = markup === 'mrkdwn' ? `<${target}|${label}>` : `[${label}](${target})`;
    return span.bold ? bold(link, markup) : link;
  }
  const text = markup === 'plain' && span.href && span.href !== line ? `${line} (${span.href})` : escapeText(line, markup);
  if (!span.bold || markup === 'plain') return text;
  // Bold marks must touch the text: spaces go outside them.
  const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
  return core ? `${lead}${bold(core!, markup)}${trail}` : text;
}

function bold(text: string, markup: Markup): string {
  return markup === 'mrkdwn' ? `*${text}*` : `**${text}**`;
}
