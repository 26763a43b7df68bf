import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Rejection } from '../receive/rejection.ts';
import { placeOf, type Place } from './repository-branch.ts';

/** One webhook delivery, as the rest of genvoy sees it. */
export interface Delivery extends Place {
  /** X-GitHub-Delivery (a GUID; the same again when GitHub redelivers). */
  id: string;
  event: string;
  action?: string;
  payload: Record<string, unknown>;
  /** The payload's JSON bytes as received (what legacy scripts and backups get). */
  json: Buffer;
}

const eventName = /^[a-z][a-z0-9_]{0,63}$/;
const deliveryId = /^[A-Za-z0-9-]{1,100}$/;

/** The event name and delivery id from GitHub's headers, checked, since both end up in file names. */
export function deliveryHeaders(headers: IncomingHttpHeaders): { event: string; id: string } {
  const event = headers['x-github-event'];
  if (typeof event !== 'string' || event === '') throw new Rejection(400, 'bad_headers', 'X-GitHub-Event header missing');
  if (!eventName.test(event)) throw new Rejection(400, 'bad_headers', `X-GitHub-Event "${event.slice(0, 64)}" is not an event name`);
  const id = headers['x-github-delivery'];
  if (id === undefined || id === '') return { event, id: randomUUID() };
  if (typeof id !== 'string' || !deliveryId.test(id)) throw new Rejection(400, 'bad_headers', 'X-GitHub-Delivery header is not a delivery id');
  return { event, id };
}

export function toDelivery(head: { event: string; id: string }, payload: Record<string, unknown>, json: Buffer): Delivery {
  const { repository, branch } = placeOf(head.event, payload);
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  // A plain literal: object spreads followed by more keys take a slow path in Node 20.
  return { id: head.id, event: head.event, action, repository, branch, payload, json };
}
