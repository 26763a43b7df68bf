// The one time zone the page shows every time in (list, detail, both charts): UTC or the
// reader's own, switched in the header and remembered in this browser.

const key = 'genvoy.zone';

/** @typedef {'utc' | 'local'} Zone */

/** @returns {Zone} */
export function zone() {
  return localStorage.getItem(key) === 'local' ? 'local' : 'utc';
}

/** @param {Zone} chosen */
export function setZone(chosen) {
  localStorage.setItem(key, chosen);
}

/**
 * What the page calls a zone: "UTC", or "local (Europe/Berlin)".
 * @param {Zone} [which]
 */
export function zoneLabel(which = zone()) {
  return which === 'utc' ? 'UTC' : `local (${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
}

/** The formatting options that put a time in the zone. @returns {Intl.DateTimeFormatOptions} */
export function inZone() {
  return zone() === 'utc' ? { timeZone: 'UTC' } : {};
}

/** Minutes east of UTC now, in the zone: where the charts' hours and days begin. */
export function offsetMinutes() {
  return zone() === 'utc' ? 0 : -new Date().getTimezoneOffset();
}

/**
 * When a day (a date input's "2026-12-05") begins in the zone, in ms; undefined for no date.
 * @param {string} date
 */
export function dayStart(date) {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return zone() === 'utc' ? Date.UTC(y, m - 1, d) : new Date(y, m - 1, d).getTime();
}
