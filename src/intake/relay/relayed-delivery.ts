import { deliveryHeaders, toDelivery, type Delivery } from '../../pipeline/parse/delivery.ts';

/** A delivery as the relay streams it to an agent: the `data` of an SSE `delivery` event. */
export interface RelayedDelivery {
  /** X-GitHub-Delivery. */
  id: string;
  event: string;
  /** The GitHub headers the relay recorded (recordedHeaders). */
  headers: Record<string, string>;
  /** The payload's JSON text as the relay received it, as a string so that its bytes arrive unchanged. */
  payload: string;
}

export const deliveryEvent = 'delivery';

/** Where agents read the stream (GET) and acknowledge (POST `<id>/ack`), below the relay's URL. */
export const agentPath = '/relay/deliveries';

export function encodeRelayed(delivery: RelayedDelivery): string {
  const { id, event, headers, payload } = delivery;
  return JSON.stringify({ id, event, headers, payload });
}

/**
 * The delivery an agent hands to its intake, checked as a direct one is (event and id end up
 * in file names); throws naming what is wrong.
 */
export function decodeRelayed(data: string): { delivery: Delivery; headers: Record<string, string> } {
  const relayed = JSON.parse(data) as Partial<RelayedDelivery>;
  if (typeof relayed.payload !== 'string' || typeof relayed.headers !== 'object' || relayed.headers === null) {
    throw new Error('a relayed delivery needs "payload" (JSON text) and "headers"');
  }
  const head = deliveryHeaders({ 'x-github-event': relayed.event, 'x-github-delivery': relayed.id });
  if (head.id !== relayed.id) throw new Error('a relayed delivery needs its "id"');
  const payload = JSON.parse(relayed.payload) as unknown;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('a relayed payload must be a JSON object');
  return { delivery: toDelivery(head, payload as Record<string, unknown>, Buffer.from(relayed.payload, 'utf8')), headers: relayed.headers };
}
