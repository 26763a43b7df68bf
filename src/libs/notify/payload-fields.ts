/** At most this many fields: a payload has hundreds, and a card has room for a few dozen. */
const maxFields = 300;

/** API URLs and ids that say nothing to a reader. */
const noise = new Set(['url', 'node_id', 'gravatar_id']);

/**
 * The payload's scalar fields as [path, value] pairs, paths written `issue/user/login` as in the
 * original's placeholders; API URLs (`url`, `…_url` but html_url), node ids and empty values are left out.
 */
export function payloadFields(payload: Record<string, unknown>): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (fields.length >= maxFields) return;
    if (value === null || value === undefined || value === '') return;
    if (typeof value !== 'object') {
      const key = path.slice(path.lastIndexOf('/') + 1);
      if (noise.has(key) || (key.endsWith('_url') && key !== 'html_url')) return;
      fields.push([path, String(value)]);
      return;
    }
    if (depth >= 4) return;
    for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}/${key}` : key, depth + 1);
  };
  visit(payload, '', 0);
  return fields;
}
