/** Why a fetch (or the reading of its answer) failed: the cause's words ("connect ECONNREFUSED …"), not fetch's bare "fetch failed". One wording for every outgoing client. */
export function fetchFailure(err: unknown): string {
  const { cause, message } = err as Error;
  return cause instanceof Error ? cause.message : message;
}
