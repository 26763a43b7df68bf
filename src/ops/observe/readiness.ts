import { within } from '../../base/within.ts';

/** One check's finding: `warning` is something to know that does not make genvoy unready. */
export interface CheckResult {
  ok: boolean;
  detail: string;
  warning?: string;
}

export type Check = () => Promise<CheckResult> | CheckResult;

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** Runs the checks side by side, each within `timeoutMs`: ready when every one is ok. One that throws or hangs is not ok, and says why. */
export async function readiness(checks: Record<string, Check>, timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      try {
        return [name, await within(check(), timeoutMs, name)];
      } catch (err) {
        return [name, { ok: false, detail: (err as Error).message }];
      }
    }),
  );
  return { ready: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
}
