import type { LiveConfig } from '../../config/watch-config.ts';
import type { Journal } from '../../intake/journal/journal.ts';
import { configCheck, journalCheck } from '../observe/checks.ts';
import type { Check, CheckResult } from '../observe/readiness.ts';
import type { ConnectedAgent } from './agent-stream.ts';

/**
 * What a relay's /readyz checks: the config, and the journal it keeps deliveries in. Its
 * agent is reported, never a condition: a relay takes deliveries while no agent is there,
 * which is what it is for.
 */
export function relayReadinessChecks(config: LiveConfig, journal: Journal, agent: () => ConnectedAgent | undefined): Record<string, Check> {
  return { config: () => configCheck(config), journal: () => journalCheck(journal), agent: () => agentCheck(agent(), journal.backlog()) };
}

/** Whether an agent is streaming, and how much waits for one; a backlog without an agent is a warning. */
export function agentCheck(agent: ConnectedAgent | undefined, backlog: { count: number; oldestAt: number | undefined }, now = Date.now()): CheckResult {
  const waiting = backlog.oldestAt === undefined ? 'no delivery waits' : `deliveries waiting: ${backlog.count}, the oldest for ${Math.round((now - backlog.oldestAt) / 1000)} s`;
  // Not its address: a relay's /readyz is public by default, and the log has it.
  if (agent) return { ok: true, detail: `an agent is connected (since ${new Date(agent.since).toISOString()}); ${waiting}` };
  return { ok: true, detail: `no agent connected; ${waiting}`, ...(backlog.count > 0 && { warning: `no agent connected while ${backlog.count} deliveries wait: they are kept until one connects` }) };
}
