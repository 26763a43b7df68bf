/**
 * Rows as SQLite returns them, turned into what callers get: JSON columns parsed, libsql's
 * extra fields dropped. Here because more than one part of the journal reads the same rows.
 */
import type Database from 'libsql';
import type { RouteStep } from '../../pipeline/route/route.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { HookRun, StoredDelivery } from './journal-types.ts';

export interface DeliveryRow extends Omit<StoredDelivery, 'headers'> {
  headers: string;
}
export interface HookRow extends Omit<HookRun, 'result'> {
  result: string | null;
}

export function toStored(row: DeliveryRow): StoredDelivery {
  const { headers, ...rest } = row;
  delete (rest as { _metadata?: unknown })._metadata;
  return { ...rest, headers: JSON.parse(headers) as Record<string, string> };
}

export function toHookRun({ hook, parent, state, attempts, next_at, result }: HookRow): HookRun {
  return {
    hook,
    parent,
    state,
    attempts,
    next_at,
    result: result === null ? null : (JSON.parse(result) as HookResult),
  };
}

/** The payload column of `deliveries d` as it was received: from `payloads` when the row holds ''. */
export const payloadColumn = `CASE d.payload WHEN '' THEN (SELECT json FROM payloads WHERE seq = d.seq) ELSE d.payload END`;

/** A delivery's hooks still to run, in route order: what a redelivery runs again, what recovery resumes. */
export function pendingSteps(db: Database.Database, id: string): RouteStep[] {
  return db
    .prepare(`SELECT hook, parent FROM hook_runs WHERE delivery_id = ? AND state = 'pending' ORDER BY position`)
    .all(id)
    .map((row) => {
      const { hook, parent } = row as RouteStep;
      return { hook, parent };
    });
}
