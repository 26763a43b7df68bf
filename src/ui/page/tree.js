import { el } from './dom.js';

/**
 * A JSON value as a tree of <details>: objects and arrays fold, the first level open.
 * @param {unknown} value
 * @param {string} [key]
 * @param {number} [depth]
 * @returns {HTMLElement}
 */
export function jsonTree(value, key, depth = 0) {
  const name = key === undefined ? undefined : el('span', { class: 'key' }, key);
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => /** @type {const} */ ([String(i), v])) : Object.entries(value);
    const size = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return el(
      'details',
      { class: 'node', open: depth < 1 },
      el('summary', {}, name, el('span', { class: 'size' }, size)),
      el('ul', {}, ...entries.map(([k, v]) => el('li', {}, jsonTree(v, k, depth + 1)))),
    );
  }
  const kind = value === null ? 'null' : typeof value;
  return el('div', { class: 'leaf' }, name, el('span', { class: `v v-${kind}` }, typeof value === 'string' ? JSON.stringify(value) : String(value)));
}
