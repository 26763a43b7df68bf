import type { Notice, NotifyOptions, NotifyOutcome } from './notice.ts';

/** Sends a notice to its targets (or the config's default targets). */
export async function notify(notice: Notice, options: NotifyOptions = {}): Promise<NotifyOutcome> {
  void notice;
  void options;
  throw new Error('notify: not implemented yet');
}
