import type { Logger } from '../base/logger.ts';
import { createOctokit, type GitHubClient, type GitHubConnection } from './create-octokit.ts';

/** The App's installation that sent a delivery (`installation.id`), if it names one. */
function installationIdOf(payload: unknown): number | undefined {
  const id = (payload as { installation?: { id?: unknown } } | null)?.installation?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Why a delivery's client cannot act, or undefined when it can. */
function cannotAct(connection: GitHubConnection, installationId: number | undefined): string | undefined {
  if (connection.auth.kind === 'none') {
    return 'genvoy has no GitHub credentials: set "github_app" ({ "app_id", "private_key_path" }) or "github_token" (or GENVOY_GITHUB_TOKEN) in the config';
  }
  if (connection.auth.kind === 'app' && installationId === undefined) {
    return 'this delivery names no installation (payload.installation.id): it comes from a repository or organisation webhook, not the GitHub App; set "github_token" for those';
  }
  return undefined;
}

/**
 * `context.octokit` for one delivery: authenticated as the installation that sent it, or with
 * the token. One that cannot act is a client all the same, whose every call fails saying what
 * to configure: a hook that never calls it runs as before.
 */
export function hookClient(connection: GitHubConnection, payload: unknown, signal: AbortSignal, log: Logger): GitHubClient {
  const installationId = installationIdOf(payload);
  const why = cannotAct(connection, installationId);
  const octokit = createOctokit(why ? { ...connection, auth: { kind: 'none' } } : connection, { installationId, signal, log });
  if (why) {
    octokit.hook.before('request', () => {
      throw new Error(`context.octokit: ${why}`);
    });
  }
  return octokit;
}

/**
 * GENVOY_GITHUB_TOKEN for a legacy script: the installation's token (made or cached) under
 * github_app, the token under github_token; undefined when there is none to give.
 */
export async function scriptToken(connection: GitHubConnection, payload: unknown, log: Logger): Promise<string | undefined> {
  const { auth } = connection;
  if (auth.kind === 'token') return auth.token;
  const installationId = installationIdOf(payload);
  if (auth.kind === 'none' || installationId === undefined) return undefined;
  const octokit = createOctokit(connection, { installationId, log });
  const { token } = (await octokit.auth({ type: 'installation' })) as { token: string };
  return token;
}
