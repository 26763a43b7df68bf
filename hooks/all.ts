import type { Handler } from 'genvoy';

/**
 * Runs for every event: one line in the log per delivery, so that a newcomer sees genvoy
 * work at once. Replace it, or add `all+…` children beside it.
 */
export const handle: Handler = (payload, event, { action, repository, branch, log }) => {
  const sender = 'sender' in payload && payload.sender ? payload.sender.login : undefined;
  const where = [repository, branch].filter(Boolean).join('@') || undefined;
  log.info({ where, sender }, `${event}${action ? `.${action}` : ''}${where ? ` in ${where}` : ''}${sender ? ` by ${sender}` : ''}`);
  return { event, action, where, sender };
};
