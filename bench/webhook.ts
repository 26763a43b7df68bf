import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The Debian (and Ubuntu) package that has adnanh/webhook, for the message when it is missing. */
export const WEBHOOK_PACKAGE = 'webhook';

/** adnanh/webhook's `webhook` on PATH, if there is one. */
export async function findWebhook(): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, 'webhook');
    if (await access(file, constants.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

/**
 * adnanh/webhook's hooks file: one hook, `push`, that checks the X-Hub-Signature-256 HMAC (as
 * genvoy and the bare yardstick do) and runs `script`, answering only once it has ended
 * (include-command-output-in-response), as genvoy's sync answer does.
 */
export function webhookHooks(script: string, secret: string, cwd: string): string {
  const hook = {
    id: 'push',
    'execute-command': script,
    'command-working-directory': cwd,
    'include-command-output-in-response': true,
    'trigger-rule': { match: { type: 'payload-hmac-sha256', secret, parameter: { source: 'header', name: 'X-Hub-Signature-256' } } },
  };
  return `${JSON.stringify([hook], null, 2)}\n`;
}

