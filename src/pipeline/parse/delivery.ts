import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Rejection } from '../receive/rejection.ts';
import { payloadFacts, type PayloadFacts } from './payload-facts.ts';

/** One webhook delivery, as the rest of genvoy sees it. */
export interface Delivery extends PayloadFacts {
  /** X-GitHub-Delivery (a GUID; the same again when GitHub redelivers). */
  id: string;
  event: string;
  /** Parsed; genvoy's own way reads only the facts, so that a large payload's may wait until asked for. */
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
  const { repository, branch, action, lane, deletesRef, sender, title } = payloadFacts(head.event, payload);
  // A plain literal: object spreads followed by more keys take a slow path in Node 20.
  return { id: head.id, event: head.event, action, repository, branch, lane, deletesRef, sender, title, payload, json };
}

/**
 * A delivery whose facts were read already (here, or on the parse thread): its payload is
 * parsed again only if something asks for it; genvoy's own way never does. A class, so that
 * its getter sits on the prototype and every such delivery shares one fast object shape.
 */
class FactsDelivery implements Delivery {
  readonly id: string;
  readonly event: string;
  readonly action: string | undefined;
  readonly repository: string | undefined;
  readonly branch: string | undefined;
  readonly lane: string;
  readonly deletesRef: boolean;
  readonly sender: string | undefined;
  readonly title: string | undefined;
  #payload: Record<string, unknown> | undefined;

  constructor(head: { event: string; id: string }, facts: PayloadFacts, readonly json: Buffer) {
    this.id = head.id;
    this.event = head.event;
    this.action = facts.action;
    this.repository = facts.repository;
    this.branch = facts.branch;
    this.lane = facts.lane;
    this.deletesRef = facts.deletesRef;
    this.sender = facts.sender;
    this.title = facts.title;
  }

  get payload(): Record<string, unknown> {
    return (this.#payload ??= JSON.parse(this.json.toString('utf8')) as Record<string, unknown>);
  }
}

export function withFacts(head: { event: string; id: string }, facts: PayloadFacts, json: Buffer): Delivery {
  return new FactsDelivery(head, facts, json);
}
