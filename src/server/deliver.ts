import type { Context, Middleware } from 'koa';
import { lazyChild, type Logger } from '../base/logger.ts';
import { withDeadline } from '../base/within.ts';
import type { LiveConfig } from '../config/watch-config.ts';
import type { Intake, Taken } from '../intake/intake.ts';
import { recordedHeaders } from '../intake/journal/recorded-headers.ts';
import { accepted, answer } from '../pipeline/answer/answer.ts';
import { writeBackup } from '../pipeline/answer/backup.ts';
import { checkSource, type HookRanges } from '../pipeline/guard/check-source.ts';
import { signatureHeader, verifySignature } from '../pipeline/guard/verify-signature.ts';
import { deliveryHeaders, type Delivery } from '../pipeline/parse/delivery.ts';
import type { PayloadParser } from '../pipeline/parse/payload-parser.ts';
import { BodyBudget, budgetLimits } from '../pipeline/receive/body-budget.ts';
import { bodyType } from '../pipeline/receive/decode-body.ts';
import { readBody } from '../pipeline/receive/read-body.ts';
import { Rejection, type RejectionReason } from '../pipeline/receive/rejection.ts';
import type { RouteStep } from '../pipeline/route/route.ts';

export interface DeliverDeps {
  config: LiveConfig;
  github: HookRanges;
  /** The hooks a delivery runs (a relay's: one step, "agent"). */
  route: (delivery: Delivery) => RouteStep[];
  intake: Pick<Intake, 'take'>;
  log: Logger;
  /** Parses payloads, large ones off this thread. */
  parser: PayloadParser;
  /** Told of every delivery that got past the guards, with what the intake did with it (metrics). */
  taken?: (delivery: Delivery, taken: Taken) => void;
}

/**
 * A delivery's way through genvoy, one stage per line:
 * guard the source and the headers → read the body (within the budget and the time) →
 * check the signature → parse → back up → route → journal → run (before the answer, or after it) → answer.
 */
export function deliver({ config: live, github, route, intake, log, parser, taken: told }: DeliverDeps): Middleware {
  const budget = new BodyBudget();
  return async (ctx) => {
    // One config for the whole delivery, even if it changes meanwhile.
    const config = live.current;
    const received = performance.now(); // GitHub's 10 s count from here
    const { headers } = ctx.req;
    const client = checkSource(ctx.req.socket.remoteAddress, headers['x-forwarded-for'] as string | undefined, config, github);
    ctx.state.client = client;
    // All that the headers can refuse is refused before a byte of the body is read.
    if (config.secrets.length > 0) signatureHeader(headers);
    const head = deliveryHeaders(headers);
    ctx.state.delivery = head.id;
    bodyType(headers['content-type']);
    const hold = budget.hold(client, budgetLimits(config.body_budget_mb, config.body_budget_per_client));
    // Held until the answer has gone (or the connection is gone).
    ctx.res.once('close', hold.release);
    const raw = await readBody(ctx.req, { hold: hold.grow, timeoutMs: config.body_timeout_s * 1000 });
    if (config.secrets.length > 0) verifySignature(raw, headers, config.secrets);
    const delivery = await parser.delivery(head, raw, headers['content-type']);
    const dlog = lazyChild(log, { delivery: delivery.id, event: delivery.event });

    if (config.backup_path) {
      await writeBackup(config.backup_path, delivery).catch((err: NodeJS.ErrnoException) =>
        dlog().warn({ backup_path: config.backup_path, error: err.message }, err.code === 'ENOENT' ? 'backup_path does not exist; no backup written' : 'backup failed'),
      );
    }
    const ping = delivery.event === 'ping';
    const steps = route(delivery);
    const taken = await intake.take(delivery, recordedHeaders(headers), steps);
    told?.(delivery, taken);

    if (ping) {
      ctx.body = { msg: 'pong' };
      dlog().info({ client, hook_id: ctx.get('x-github-hook-id') || undefined }, 'ping');
    } else if (taken.kind === 'relayed') {
      ctx.status = 202;
      respond(ctx, { status: 'relayed', delivery: delivery.id });
    } else if (taken.kind === 'in-progress') {
      ctx.status = 202;
      respond(ctx, { status: 'running', delivery: delivery.id });
    } else if (taken.kind === 'recorded') {
      if (delivery.deletesRef) {
        respond(ctx, { status: 'skipped' });
        dlog().info({ repository: delivery.repository, branch: delivery.branch }, 'push deletes a branch or tag: no hooks run');
        return;
      }
      respond(ctx, answer(taken.results, config.return_scripts_info));
      if (steps.length === 0 && log.isLevelEnabled('info')) dlog().info({ action: delivery.action, repository: delivery.repository, branch: delivery.branch }, 'delivery: no hook matched');
    } else if (config.dispatch === 'sync' && (await withDeadline(taken.done, config.answer_deadline_s * 1000 - (performance.now() - received), () => false))) {
      respond(ctx, answer(taken.results, config.return_scripts_info));
    } else {
      ctx.status = 202;
      respond(ctx, accepted(delivery.id, taken.hooks, taken.results, config.return_scripts_info));
    }
  };
}

/** Serialised here with its type set outright: koa would look the type up on every answer. */
function respond(ctx: Context, body: object): void {
  ctx.set('content-type', 'application/json; charset=utf-8');
  ctx.body = JSON.stringify(body);
}

/**
 * Turns a Rejection into its status and a JSON reason; anything else is a 500, logged in full.
 * `rejected` is told each one's reason (metrics).
 */
export function answerErrors(log: Logger, rejected?: (reason: RejectionReason) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const where = { delivery: ctx.state.delivery ?? (ctx.get('x-github-delivery') || undefined), client: ctx.state.client, path: ctx.path };
      rejected?.(err instanceof Rejection ? err.reason : 'internal');
      // A body left unread is not drained: the answer closes the connection.
      if (!ctx.req.complete) ctx.set('connection', 'close');
      if (err instanceof Rejection) {
        ctx.status = err.status;
        ctx.body = { error: err.message };
        if (err.retryAfterS !== undefined) ctx.set('retry-after', String(err.retryAfterS));
        log.warn({ ...where, status: err.status, reason: err.message }, 'delivery rejected');
      } else {
        ctx.status = 500;
        ctx.body = { error: 'internal error; see the server log' };
        log.error({ ...where, err }, 'delivery failed inside genvoy');
      }
    }
  };
}
