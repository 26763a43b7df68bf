/** A piece of text with its marks. Its text is plain: each format escapes it for its markup. */
export interface Span {
  text: string;
  bold?: boolean;
  /** A checked http(s) URL. */
  href?: string;
}

/** What a format turns into a target's payload: a rendered template, a notice or a digest. */
export interface Message {
  event: string;
  repository?: string;
  /** Plain text, one line. */
  title: string;
  /** Lines are separated by '\n' inside span texts. */
  text: Span[];
  color?: string;
  facts: Array<{ title: string; value: string }>;
  url?: string;
  /** Messages with the same tally key merge into one line of a digest: `⭐ 16 new stars on …`. */
  tally?: { key: string; many: string; icon?: string };
  /** When it was made (ms): a digest says the span its messages cover. */
  at?: number;
}

/** The plain text of spans, links written as `label (url)`. */
export function plain(spans: Span[]): string {
  return spans.map((s) => (s.href && s.href !== s.text ? `${s.text} (${s.href})` : s.text)).join('');
}

/** An http(s) URL, or undefined: a payload could carry `javascript:` or worse. */
export function safeUrl(candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
