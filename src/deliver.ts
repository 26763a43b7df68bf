import type { Context, Middleware } from 'koa';
import type { LiveConfig } from './config/watch-config.ts';
import { checkSource, type HookRanges } from './guard/check-source.ts';
import { verifySignature } from './guard/verify-signature.ts';
import type { HookFolder } from './hook-folder/hook-folder.ts';
import { lazyChild, type Logger } from './log/logger.ts';
import { deliveryHeaders, toDelivery } from './parse/delivery.ts';
import { decodeBody } from './receive/decode-body.ts';
import { readBody } from './receive/read-body.ts';
import { Rejection } from './receive/rejection.ts';
import { accepted, answer } from './respond/answer.ts';
import { writeBackup } from './respond/backup.ts';
import { knownEvents } from './route/known-events.ts';
import { route } from './route/route.ts';
import type { Dispatcher, Run } from './dispatch/dispatcher.ts';
import type { Journal } from './journal/journal.ts';
import { recordedHeaders } from './journal/recorded-headers.ts';

export interface DeliverDeps {
  config: LiveConfig;
  github: HookRanges;
  /** The hooks folder in force (it changes with `hooks_path`). */
  folder: () => HookFolder;
  journal: Journal;
  dispatcher: Dispatcher;
  log: Logger;
}

/**
 * A delivery's way through genvoy, one stage per line:
 * guard the source → read the body → check the signature → parse → back up → route →
 * journal → run (now, or after the answer) → answer.
 */
export function deliver({ config: live, github, folder: currentFolder, journal, dispatcher, log }: DeliverDeps): Middleware {
  return async (ctx) => {
    // One config and one hooks folder for the whole delivery, even if the config changes meanwhile.
    const config = live.current;
    const { headers } = ctx.req;
    const client = checkSource(ctx.req.socket.remoteAddress, headers['x-forwarded-for'] as string | undefined, config, github);
    ctx.state.client = client;
    const raw = await readBody(ctx.req);
    if (config.secrets.length > 0) verifySignature(raw, headers, config.secrets);
    const head = deliveryHeaders(headers);
    ctx.state.delivery = head.id;
    const { json, payload } = decodeBody(raw, headers['content-type']);
    const delivery = toDelivery(head, payload, json);
    const dlog = lazyChild(log, { delivery: delivery.id, event: delivery.event });

    if (config.backup_path) {
      await writeBackup(config.backup_path, delivery).catch((err: NodeJS.ErrnoException) =>
        dlog().warn({ backup_path: config.backup_path, error: err.message }, err.code === 'ENOENT' ? 'backup_path does not exist; no backup written' : 'backup failed'),
      );
    }
    const ping = delivery.event === 'ping';
    const deletesBranch = delivery.event === 'push' && payload.deleted === true;
    const steps = ping || deletesBranch ? [] : route(currentFolder().names(), delivery.event, delivery, config.child_hooks, knownEvents);
    const entry = journal.accept(delivery, recordedHeaders(headers), steps);

    if (ping) {
      ctx.body = { msg: 'pong' };
      dlog().info({ client, hook_id: ctx.get('x-github-hook-id') || undefined }, 'ping');
      return;
    }
    let run: Run;
    if (entry.kind === 'known') {
      if (dispatcher.queued(delivery.id)) {
        ctx.status = 202;
        ctx.body = { status: 'running', delivery: delivery.id };
        dlog().info('redelivery of a delivery whose hooks are still queued or running: nothing added');
        return;
      }
      if (entry.state === 'done') {
        const recorded = Object.fromEntries(journal.hooks(delivery.id).flatMap((h) => (h.result ? [[h.hook, h.result]] : [])));
        respond(ctx, answer(recorded, config.return_scripts_info));
        dlog().info('redelivery of a delivery whose hooks all succeeded: not run again, the recorded answer is repeated');
        return;
      }
      const again = journal.again(delivery.id);
      dlog().info({ hooks: again.map((s) => s.hook) }, 'redelivery: the hooks that did not succeed run again');
      run = dispatcher.submit(delivery, again);
    } else if (deletesBranch) {
      ctx.body = { status: 'skipped' };
      dlog().info({ repository: delivery.repository, ref: payload.ref }, 'push deletes a branch or tag: no hooks run');
      return;
    } else if (steps.length === 0) {
      respond(ctx, answer({}, config.return_scripts_info));
      if (log.isLevelEnabled('info')) dlog().info({ action: delivery.action, repository: delivery.repository, branch: delivery.branch }, 'delivery: no hook matched');
      return;
    } else {
      run = dispatcher.submit(delivery, steps);
    }

    const names = run.steps.map((s) => s.hook);
    if (config.dispatch === 'sync' && (await settlesWithin(run.done, config.answer_deadline_s * 1000))) {
      respond(ctx, answer(run.results, config.return_scripts_info));
      return;
    }
    ctx.status = 202;
    respond(ctx, accepted(delivery.id, names, run.results, config.return_scripts_info));
  };
}

/** Serialised here with its type set outright: koa would look the type up on every answer. */
function respond(ctx: Context, body: object): void {
  ctx.set('content-type', 'application/json; charset=utf-8');
  ctx.body = JSON.stringify(body);
}

/** Whether `done` resolves true before `ms` pass. */
async function settlesWithin(done: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([done, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Turns a Rejection into its status and a JSON reason; anything else is a 500, logged in full. */
export function answerErrors(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const where = { delivery: ctx.state.delivery ?? (ctx.get('x-github-delivery') || undefined), client: ctx.state.client, path: ctx.path };
      if (err instanceof Rejection) {
        ctx.status = err.status;
        ctx.body = { error: err.message };
        log.warn({ ...where, status: err.status, reason: err.message }, 'delivery rejected');
      } else {
        ctx.status = 500;
        ctx.body = { error: 'internal error; see the server log' };
        log.error({ ...where, err }, 'delivery failed inside genvoy');
      }
    }
  };
}
