/** What one hook did, in the original's answer shape plus a status and a duration. */
export interface HookResult {
  /** A script's exit code (-9 when killed at its timeout); for a module 0, or 1 when it failed. */
  returncode: number;
  /** A script's stdout; a module's return value as JSON text. */
  stdout: string;
  stderr: string;
  status: 'ok' | 'failed' | 'timeout' | 'skipped';
  duration_ms: number;
  /** Why a hook was skipped (its `when`, or the repository or branch it is pinned to). */
  reason?: string;
}

export function failed(stderr: string, started: number, status: 'failed' | 'timeout' = 'failed'): HookResult {
  return { returncode: 1, stdout: '', stderr, status, duration_ms: since(started) };
}

export function skipped(reason: string, started: number): HookResult {
  return { returncode: 0, stdout: '', stderr: '', status: 'skipped', duration_ms: since(started), reason };
}

export function timedOut(timeoutMs: number, started: number): HookResult {
  return failed(timeoutMessage(timeoutMs), started, 'timeout');
}

export function timeoutMessage(timeoutMs: number): string {
  return `timed out after ${timeoutMs / 1000} s`;
}

export function since(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
