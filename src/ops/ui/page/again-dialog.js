import { byId } from './dom.js';

/**
 * Asks before a delivery runs again: its failed hooks only, all its hooks, or nothing.
 * Resolves to "failed", "all", or "" (cancelled, Escape included).
 * @param {{ id: string, event: string, action: string | null }} delivery
 * @param {number} failed how many of its hooks did not succeed
 * @returns {Promise<string>}
 */
export function askAgain(delivery, failed) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('again-dialog'));
  byId('again-question').textContent = `Run ${delivery.event}${delivery.action ? `.${delivery.action}` : ''} (${delivery.id}) again?`;
  const onlyFailed = byId('again-failed');
  onlyFailed.textContent = failed ? `Failed hooks only (${failed})` : 'Failed hooks only (none failed)';
  onlyFailed.toggleAttribute('disabled', failed === 0);
  dialog.returnValue = '';
  dialog.showModal();
  // Nothing runs by a stray Enter: the safe answer has the focus.
  byId('again-cancel').focus();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
}
