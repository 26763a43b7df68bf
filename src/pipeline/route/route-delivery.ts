import type { Delivery } from '../parse/delivery.ts';
import { knownEvents } from './known-events.ts';
import { route, type ChildRule, type RouteStep } from './route.ts';

/**
 * The hooks a delivery runs, in order, whether it just arrived or is replayed: none for a
 * ping or a push that deletes a branch (as in the original), else those its names choose.
 */
export function routeDelivery(names: readonly string[], delivery: Delivery, rule: ChildRule): RouteStep[] {
  if (delivery.event === 'ping' || delivery.deletesRef) return [];
  return route(names, delivery.event, delivery, rule, knownEvents);
}
