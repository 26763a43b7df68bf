import { el } from './dom.js';

/**
 * A JSON value as a tree of <details>: objects and arrays fold, the first level open. A
 * folded node's children are made when it is first opened, so a large payload costs only
 * what the reader unfolds.
 * @param {unknown} value
 * @param {string} [key]
 * @param {number} [depth]
 * @returns {HTMLElement}
 */
export function jsonTree(value, key, depth = 0) {
  const name = key === undefined ? undefined : el('span', { class: 'key' }, key);
  if (value !== null && typeof value === 'object') {
    const size = Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
    const node = /** @type {HTMLDetailsElement} */ (el('details', { class: 'node' }, el('summary', {}, name, el('span', { class: 'size' }, size))));
    const children = () => {
      const entries = Array.isArray(value) ? value.map((v, i) => /** @type {const} */ ([String(i), v])) : Object.entries(value);
      node.append(el('ul', {}, ...entries.map(([k, v]) => el('li', {}, jsonTree(v, k, depth + 1)))));
    };
    if (depth < 1) {
      children();
      node.open = true;
    } else {
      node.addEventListener('toggle', () => {
        if (node.open && !node.querySelector(':scope > ul')) children();
      });
    }
    return node;
  }
  const kind = value === null ? 'null' : typeof value;
  return el('div', { class: 'leaf' }, name, el('span', { class: `v v-${kind}` }, typeof value === 'string' ? JSON.stringify(value) : String(value)));
}
