import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import type { GitHubClient } from '../api/index.ts';
import type { Logger } from '../base/logger.ts';

export interface GitHubConnection {
  apiUrl: string;
  auth: { kind: 'app'; appId: string; privateKey: string } | { kind: 'token'; token: string } | { kind: 'none' };
}

const Client = Octokit.plugin(restEndpointMethods, paginateRest);

/** Placeholder until branch octokit: a token or nothing, no App, retry or throttling. */
export function createOctokit(connection: GitHubConnection, options: { installationId?: number; signal?: AbortSignal; log?: Logger }): GitHubClient {
  const auth = connection.auth.kind === 'token' ? connection.auth.token : undefined;
  return new Client({ baseUrl: connection.apiUrl, auth, request: { signal: options.signal } }) as GitHubClient;
}
