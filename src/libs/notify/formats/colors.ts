/** The named colours every format knows; anything else is a hex colour. */
const namedColors = {
  good: '2EA44F',
  warning: 'DBAB09',
  attention: 'D73A49',
  accent: '0366D6',
} as const;

export function isNamed(color: string | undefined): color is keyof typeof namedColors {
  return color !== undefined && Object.hasOwn(namedColors, color);
}

/** `#d73a4a` or `d73a4a` as six hex digits without `#`; undefined for anything else. */
export function hexColor(color: string | undefined): string | undefined {
  if (isNamed(color)) return namedColors[color];
  const hex = color?.replace(/^#/, '');
  return hex && /^[0-9a-f]{6}$/i.test(hex) ? hex.toUpperCase() : undefined;
}
