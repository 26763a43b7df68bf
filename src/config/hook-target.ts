/** Which webhook's deliveries reconcile reads: a repository's, an organisation's, or a GitHub App's. */
export type HookTarget =
  | { kind: 'repository'; owner: string; repo: string; hookId: number }
  | { kind: 'organisation'; org: string; hookId: number }
  | { kind: 'app' };

/** GitHub's REST path of a hook's deliveries, as an @octokit/core route template and its parameters. */
export interface DeliveriesRoute {
  path: string;
  params: Record<string, string | number>;
}

/** An owner, organisation or repository name; "." and ".." would move the path, and are none. */
const name = '(?!\\.\\.?/)([A-Za-z0-9._-]+)';
const repositoryHook = new RegExp(`^repos/${name}/${name}/hooks/(\\d+)$`);
const organisationHook = new RegExp(`^orgs/${name}/hooks/(\\d+)$`);

export const hookTargetFormat = '"repos/OWNER/REPO/hooks/ID", "orgs/ORG/hooks/ID" or "app"';

/** Parses the `reconcile.hook` setting; undefined when it has none of the three forms. */
export function parseHookTarget(text: string): HookTarget | undefined {
  if (text === 'app') return { kind: 'app' };
  const repository = repositoryHook.exec(text);
  if (repository) return { kind: 'repository', owner: repository[1]!, repo: repository[2]!, hookId: Number(repository[3]) };
  const organisation = organisationHook.exec(text);
  if (organisation) return { kind: 'organisation', org: organisation[1]!, hookId: Number(organisation[2]) };
  return undefined;
}

export function describeHookTarget(target: HookTarget): string {
  switch (target.kind) {
    case 'repository':
      return `repos/${target.owner}/${target.repo}/hooks/${target.hookId}`;
    case 'organisation':
      return `orgs/${target.org}/hooks/${target.hookId}`;
    case 'app':
      return 'app';
  }
}

/** List with `GET {path}`; redeliver with `POST {path}/{delivery_id}/attempts`. */
export function deliveriesRoute(target: HookTarget): DeliveriesRoute {
  switch (target.kind) {
    case 'repository':
      return { path: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries', params: { owner: target.owner, repo: target.repo, hook_id: target.hookId } };
    case 'organisation':
      return { path: '/orgs/{org}/hooks/{hook_id}/deliveries', params: { org: target.org, hook_id: target.hookId } };
    case 'app':
      return { path: '/app/hook/deliveries', params: {} };
  }
}
