import type { HookResult } from '../../pipeline/answer/hook-result.ts';

/** The messages between genvoy and a spawner process (spawner-process.js), over its IPC channel. */
export interface SpawnRequest {
  id: number;
  file: string;
  event: string;
  /** The payload's JSON bytes, written to the temporary file the script is given. */
  payload: Uint8Array;
  /** Added to genvoy's environment for this script (GENVOY_EVENT and friends). */
  vars: Record<string, string>;
  cwd: string;
  timeoutMs: number;
}

export type SpawnReply = Omit<HookResult, 'reason'> & { id: number };

/** A spawner's first message: whether it spawns through Python (spawn-coprocess.js) or itself. */
export interface SpawnerReady {
  mode: 'coprocess' | 'direct';
}
