import { setTimeout as sleep } from 'node:timers/promises';
import { backoff } from '../backoff.ts';
import { fetchFailure } from '../../base/fetch-failure.ts';
import type { Logger } from '../../base/logger.ts';
import { proxiedFetch, proxyFor, type ProxiedFetch, type ProxySettings } from '../../base/outbound-proxy.ts';
import { redactUrl } from '../../base/redact-url.ts';
import type { Intake } from '../intake.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';
import { agentPath, decodeRelayed, deliveryEvent } from './relayed-delivery.ts';
import { SseParser, type SseEvent } from './sse.ts';

export interface PullAgentOptions {
  /** The relay's URL (https://relay.example.com/, or below a path its proxy serves it at). */
  relay: string;
  token: string;
  /** This server's intake: what a delivery straight from GitHub goes to. */
  intake: Pick<Intake, 'take'>;
  route: (delivery: Delivery) => RouteStep[];
  /** The outbound proxies (proxySettings of the environment); only the agent's requests use them. */
  proxy: ProxySettings;
  log: Logger;
}

/** Before the relay says how often it beats, this much silence ends a connection. */
const firstSilenceMs = 60_000;
/** An acknowledgement not answered by then counts as failed (and a stop does not wait longer). */
const ackTimeoutMs = 10_000;

/**
 * `genvoy serve --pull`: connects out to a relay (outbound HTTP(S) only), reads its stream of
 * deliveries and hands each to this server's intake as if it came straight from GitHub:
 * one after another, in the relay's order. A delivery is acknowledged to the relay once the
 * intake has journaled it, so that one lost on the way is sent again, and one sent again is
 * recognised by its id. Reconnects with a growing delay until stopped.
 */
export class PullAgent {
  readonly #streamUrl: URL;
  readonly #where: string;
  #connection: AbortController | undefined;
  #stopped = new AbortController();
  #lastEventId = '';
  readonly #acks = new Set<Promise<void>>();
  #loop: Promise<void> | undefined;
  readonly #outbound: Promise<ProxiedFetch>;

  constructor(private readonly options: PullAgentOptions) {
    const base = options.relay.endsWith('/') ? options.relay : `${options.relay}/`;
    this.#streamUrl = new URL(agentPath.slice(1), base);
    this.#where = redactUrl(options.relay);
    this.#outbound = proxiedFetch(options.proxy);
  }

  start(): void {
    if (this.#loop) return;
    const proxy = proxyFor(this.#streamUrl, this.options.proxy);
    if (proxy) this.options.log.info({ relay: this.#where, ...proxy }, `the relay is reached through the proxy ${proxy.proxy}, unless NO_PROXY lists its host`);
    this.#loop = this.#run();
  }

  /** Ends the connection once the delivery being handed over is journaled, and waits for the acknowledgements in flight. */
  async stop(): Promise<void> {
    this.#stopped.abort();
    this.#connection?.abort(new Error('stopping'));
    await this.#loop;
    await Promise.all(this.#acks);
    await this.#outbound.then((outbound) => outbound.close()); // nothing is in flight any more
  }

  async #run(): Promise<void> {
    const { log } = this.options;
    let failures = 0;
    while (!this.#stopped.signal.aborted) {
      const { connected, reason } = await this.#connect();
      if (this.#stopped.signal.aborted) break;
      if (connected) failures = 0;
      const delayMs = backoff(++failures, 500, 30_000); // from half a second, doubling, to 30 s
      const retry_in_s = delayMs / 1000;
      const message = connected ? 'relay connection lost' : 'cannot connect to the relay';
      log.warn({ relay: this.#where, reason, retry_in_s }, `${message} (${reason}); reconnecting in ${retry_in_s} s`);
      await sleep(delayMs, undefined, { signal: this.#stopped.signal }).catch(() => undefined);
    }
  }

  /** One connection, to its end: whether it got as far as the stream, and why it ended. */
  async #connect(): Promise<{ connected: boolean; reason: string }> {
    const connection = (this.#connection = new AbortController());
    let silence: NodeJS.Timeout | undefined;
    const listen = (ms: number) => {
      clearTimeout(silence);
      silence = setTimeout(() => connection.abort(new Error(`nothing from the relay for ${ms / 1000} s`)), ms);
    };
    let connected = false;
    let silenceMs: number | undefined;
    try {
      listen(firstSilenceMs);
      const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}`, accept: 'text/event-stream' };
      if (this.#lastEventId) headers['last-event-id'] = this.#lastEventId;
      const res = await (await this.#outbound).fetch(this.#streamUrl, { headers, signal: connection.signal });
      if (res.status === 401) return { connected, reason: 'the relay refused the token (401): check --token or GENVOY_PULL_TOKEN' };
      if (res.status === 429) return { connected, reason: 'the relay holds this address back after too many wrong tokens (429): check --token or GENVOY_PULL_TOKEN' };
      if (!res.ok || !res.body) return { connected, reason: `the relay answered ${res.status} to ${this.#streamUrl.pathname}` };
      connected = true;
      this.options.log.info({ relay: this.#where, last_event_id: this.#lastEventId || undefined }, 'connected to the relay');
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        listen(silenceMs ?? firstSilenceMs);
        for (const event of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
          if (event.event === 'ready') silenceMs = heartbeatSilence(event);
          else if (event.event === deliveryEvent) await this.#handOver(event, connection);
        }
      }
      return { connected, reason: 'the relay ended the stream' };
    } catch (err) {
      const reason = connection.signal.aborted ? (connection.signal.reason as Error).message : fetchFailure(err);
      return { connected, reason };
    } finally {
      clearTimeout(silence);
    }
  }

  /**
   * Hands one delivery to the intake and acknowledges it once journaled. If the intake
   * refuses (its journal cannot be written), this throws: the connection ends unacknowledged
   * and the relay sends it again after the reconnect.
   */
  async #handOver(event: SseEvent, connection: AbortController): Promise<void> {
    const { intake, route, log } = this.options;
    let relayed;
    try {
      relayed = decodeRelayed(event.data);
    } catch (err) {
      // It could never be taken: acknowledged, so that it does not hold up the rest.
      log.error({ relay_seq: event.id, error: (err as Error).message }, 'the relay sent a delivery that cannot be read; dropped');
      this.#acknowledge(/"id":"([A-Za-z0-9-]{1,100})"/.exec(event.data)?.[1], connection);
      return;
    }
    const { delivery, headers } = relayed;
    const taken = await intake.take(delivery, headers, route(delivery));
    if (event.id) this.#lastEventId = event.id;
    log.debug({ delivery: delivery.id, event: delivery.event, relay_seq: event.id, taken: taken.kind }, 'delivery from the relay journaled');
    this.#acknowledge(delivery.id, connection);
  }

  /** Acknowledges in the background; a failed acknowledgement ends the connection, so that the relay sends it again. */
  #acknowledge(id: string | undefined, connection: AbortController): void {
    if (!id) return;
    const url = new URL(`${encodeURIComponent(id)}/ack`, `${this.#streamUrl}/`);
    const ack = (async () => {
      try {
        const res = await (await this.#outbound).fetch(url, { method: 'POST', headers: { authorization: `Bearer ${this.options.token}` }, signal: AbortSignal.timeout(ackTimeoutMs) });
        await res.body?.cancel();
        if (res.status === 404) this.options.log.warn({ delivery: id }, 'the relay no longer knows a delivery it sent');
        else if (!res.ok) throw new Error(`the relay answered ${res.status}`);
      } catch (err) {
        connection.abort(new Error(`acknowledging ${id} failed: ${fetchFailure(err)}`));
      }
    })();
    this.#acks.add(ack);
    void ack.finally(() => this.#acks.delete(ack));
  }
}

/** A few heartbeats of silence mean the connection is dead (a proxy or a NAT forgot it). */
function heartbeatSilence(ready: SseEvent): number | undefined {
  const { heartbeat_s } = JSON.parse(ready.data) as { heartbeat_s?: unknown };
  return typeof heartbeat_s === 'number' && heartbeat_s > 0 ? heartbeat_s * 3000 + 5000 : undefined;
}
