// Every piece of delivery data reaches the page through these: text nodes and attribute
// values, never markup, so a payload cannot add elements (its strings are GitHub users' text).

import { inZone } from './zone.js';

/**
 * An HTML element with attributes (`on…` ones are listeners) and children; strings become text nodes.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {Array<Node | string | number | null | undefined | false>} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/**
 * An SVG element, the same way.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {Array<Node | string | number | null | undefined | false>} children
 * @returns {SVGElement}
 */
export function svg(tag, attributes = {}, ...children) {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

/**
 * @template {Element} E
 * @param {E} node
 * @param {Record<string, unknown>} attributes
 * @param {Array<Node | string | number | null | undefined | false>} children
 * @returns {E}
 */
function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}

/**
 * The element with this id (the page's own markup has it).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from the page`);
  return node;
}

/**
 * A time in the page's zone (zone.js): the time alone today, with the date before.
 * @param {number} ms
 */
export function when(ms) {
  const date = new Date(ms);
  const day = (/** @type {Date} */ d) => d.toLocaleDateString([], inZone());
  return day(date) === day(new Date())
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', ...inZone() })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', ...inZone() });
}

/** The outcome labels the page uses everywhere, by the journal's names. */
export const outcomeLabels = /** @type {const} */ ({ pending: 'pending', done: 'done', dead: 'dead', none: 'no hook' });
