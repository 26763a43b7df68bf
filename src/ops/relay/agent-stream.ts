import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { Logger } from '../../base/logger.ts';
import type { Outbox } from '../../intake/relay/outbox.ts';
import { deliveryEvent, encodeRelayed } from '../../intake/relay/relayed-delivery.ts';
import { formatComment, formatEvent } from '../../intake/relay/sse.ts';

export interface StreamSettings {
  heartbeatMs: number;
  /** Deliveries sent and not yet acknowledged, at most. */
  window: number;
}

/** The agent streaming now: where from, and since when (epoch ms). */
export interface ConnectedAgent {
  client: string | undefined;
  since: number;
}

/**
 * The stream an agent reads (GET, Server-Sent Events): every delivery not yet acknowledged,
 * in arrival order (`id:` = the journal's seq), then each new one as it is journaled, and a
 * heartbeat comment in between. Each connection starts again from the oldest unacknowledged
 * delivery, whatever Last-Event-ID says: the agent may have received one and crashed before
 * it was journaled on its side. One agent at a time: a new stream ends the one before, so
 * that two agents never run the same deliveries side by side.
 */
export class AgentStreams {
  #current: (ConnectedAgent & { end: () => void }) | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly settings: () => StreamSettings,
    private readonly log: Logger,
  ) {}

  readonly handle = async (ctx: Context): Promise<void> => {
    const client = ctx.req.socket.remoteAddress;
    const { res } = ctx;
    ctx.respond = false; // this handler writes the stream itself
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setTimeout(0);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // nginx: pass each event on at once
    });

    let ended = false;
    const end = () => {
      ended = true;
      this.outbox.wake();
    };
    res.once('close', end);
    if (this.#current) this.log.warn({ client, previous: this.#current.client }, 'another agent connected: the earlier stream is ended (one agent per relay)');
    this.#current?.end();
    const mine = { end: () => (end(), res.end()), client, since: Date.now() };
    this.#current = mine;

    const { heartbeatMs, window } = this.settings();
    const heartbeat = setInterval(() => ended || res.write(formatComment('heartbeat')), heartbeatMs);
    this.log.info({ client, last_event_id: ctx.get('last-event-id') || undefined }, 'agent connected');
    // The agent takes a silence of a few heartbeats for a dead connection.
    res.write(formatEvent({ event: 'ready', data: JSON.stringify({ heartbeat_s: heartbeatMs / 1000 }) }));

    /** Sent on this stream and not acknowledged yet. */
    let sent = new Set<string>();
    try {
      while (!ended) {
        const changed = this.outbox.changed();
        const oldest = this.outbox.waiting(window);
        sent = new Set(oldest.filter((d) => sent.has(d.id)).map((d) => d.id));
        for (const d of oldest) {
          if (ended) break;
          if (sent.has(d.id)) continue;
          sent.add(d.id);
          // Read only now, for the ones sent: a payload can be megabytes.
          const payload = this.outbox.journal.payload(d.id);
          if (payload === undefined) continue; // never for a pending delivery (they are not pruned); for the types
          const data = encodeRelayed({ id: d.id, event: d.event, headers: d.headers, payload });
          if (!res.write(formatEvent({ id: String(d.seq), event: deliveryEvent, data }))) await drained(res);
        }
        await changed;
      }
    } catch (err) {
      this.log.error({ err, client }, 'the stream to an agent failed; it reconnects');
      res.destroy();
    } finally {
      clearInterval(heartbeat);
      if (this.#current === mine) this.#current = undefined;
      this.log.info({ client }, 'agent disconnected');
    }
  };

  get connected(): ConnectedAgent | undefined {
    return this.#current && { client: this.#current.client, since: this.#current.since };
  }

  /** Ends every stream (the relay stops). */
  close(): void {
    this.#current?.end();
  }
}

/** Resolves once the agent has read what was written, or is gone; leaves no listener behind. */
async function drained(res: ServerResponse): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: done.signal }), once(res, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}
