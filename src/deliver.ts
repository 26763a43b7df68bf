import type { Middleware } from 'koa';
import type { LiveConfig } from './config/watch-config.ts';
import { checkSource, type HookRanges } from './guard/check-source.ts';
import { verifySignature } from './guard/verify-signature.ts';
import type { HookFolder } from './hook-folder/hook-folder.ts';
import { lazyChild, type Logger } from './log/logger.ts';
import { deliveryHeaders, toDelivery } from './parse/delivery.ts';
import { decodeBody } from './receive/decode-body.ts';
import { readBody } from './receive/read-body.ts';
import { Rejection } from './receive/rejection.ts';
import { answer } from './respond/answer.ts';
import { writeBackup } from './respond/backup.ts';
import { knownEvents } from './route/known-events.ts';
import { route } from './route/route.ts';
import { runHooks } from './run/run-hooks.ts';
import type { SpawnerPool } from './run/spawner-pool.ts';

export interface DeliverDeps {
  config: LiveConfig;
  github: HookRanges;
  /** The hooks folder in force (it changes with `hooks_path`). */
  folder: () => HookFolder;
  spawner: SpawnerPool;
  log: Logger;
}

/**
 * A delivery's way through genvoy, one stage per line:
 * guard the source → read the body → check the signature → parse → back up → route → run → answer.
 */
export function deliver({ config: live, github, folder: currentFolder, spawner, log }: DeliverDeps): Middleware {
  return async (ctx) => {
    // One config and one hooks folder for the whole delivery, even if the config changes meanwhile.
    const config = live.current;
    const folder = currentFolder();
    const started = performance.now();
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

    if (delivery.event === 'ping') {
      ctx.body = { msg: 'pong' };
      dlog().info({ client, hook_id: ctx.get('x-github-hook-id') || undefined }, 'ping');
      return;
    }
    if (config.backup_path) {
      await writeBackup(config.backup_path, delivery).catch((err: NodeJS.ErrnoException) =>
        dlog().warn({ backup_path: config.backup_path, error: err.message }, err.code === 'ENOENT' ? 'backup_path does not exist; no backup written' : 'backup failed'),
      );
    }
    if (delivery.event === 'push' && payload.deleted === true) {
      ctx.body = { status: 'skipped' };
      dlog().info({ repository: delivery.repository, ref: payload.ref }, 'push deletes a branch or tag: no hooks run');
      return;
    }

    const steps = route(folder.names(), delivery.event, delivery, config.child_hooks, knownEvents);
    const results = await runHooks(steps, delivery, { folder, spawner, timeoutMs: config.hook_timeout_s * 1000, log: dlog, debug: log.isLevelEnabled('debug') });
    // Serialised here with its type set outright: koa would look the type up on every answer.
    ctx.set('content-type', 'application/json; charset=utf-8');
    ctx.body = JSON.stringify(answer(results, config.return_scripts_info));

    if (!log.isLevelEnabled('info')) return;
    const failedHooks = Object.entries(results).filter(([, r]) => r.status === 'failed' || r.status === 'timeout');
    dlog().info(
      {
        action: delivery.action,
        repository: delivery.repository,
        branch: delivery.branch,
        hooks: steps.map((s) => s.hook),
        failed: failedHooks.length ? failedHooks.map(([name]) => name) : undefined,
        duration_ms: Math.round(performance.now() - started),
      },
      steps.length === 0 ? 'delivery: no hook matched' : 'delivery handled',
    );
  };
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
