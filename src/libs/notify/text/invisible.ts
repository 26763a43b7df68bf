/**
 * Bidirectional controls (embeddings, overrides, isolates, marks) and other invisible format
 * characters: in a title they reverse or hide what follows, in the whole card. A zero-width
 * joiner between two pictographs stays (it joins emoji such as 👩‍💻).
 */
const formatCharacter = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})|(\p{Cf})/gu;

/** Text with every invisible format character taken out; a joiner inside an emoji stays. */
export function withoutInvisible(text: string): string {
  return text.replace(formatCharacter, (match, format: string | undefined) => (format === undefined ? match : ''));
}

/** A message whose every text (title, spans, facts) is without invisible format characters. */
export function messageWithoutInvisible<M extends { title: string; text: Array<{ text: string }>; facts: Array<{ title: string; value: string }> }>(message: M): M {
  return {
    ...message,
    title: withoutInvisible(message.title),
    text: message.text.map((span) => ({ ...span, text: withoutInvisible(span.text) })),
    facts: message.facts.map((f) => ({ title: withoutInvisible(f.title), value: withoutInvisible(f.value) })),
  };
}
