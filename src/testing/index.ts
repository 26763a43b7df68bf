/**
 * `genvoy/testing`: run a hook in a test of your own (vitest, node:test, jest), as genvoy
 * would run it, without a server:
 *
 *   import { examplePayload, runHook } from 'genvoy/testing';
 *   const run = await runHook('hooks/issues.ts', 'issues', examplePayload('issues.opened'));
 *   assert.equal(run.status, 'ok');
 */
export type { LogLine } from './captured-log.ts';
export { examplePayload, type ExampleName, type ExamplePayload } from './example-payload.ts';
export { gitHubStandIn, type ApiAnswer, type ApiCall, type GitHubStandIn } from './github-stand-in.ts';
export type { OctokitOptions } from './hook-octokit.ts';
export { runHook, type HookRun, type RunHookOptions } from './run-hook.ts';
