type Json = Record<string, any>;

/** The routing rules of the issue, stated once more in the test's own words. */
export function expectedBranch(event: string, p: Json): string | undefined {
  switch (true) {
    case event === 'create' || event === 'delete':
      return p.ref_type === 'branch' ? p.ref : undefined;
    case p.pull_request != null:
      return p.pull_request.base.ref;
    case event === 'push':
      return /^refs\/heads\/(.+)$/.exec(p.ref)?.[1];
    case ['check_run', 'check_suite', 'workflow_run', 'workflow_job'].includes(event):
      return p[event].head_branch ?? undefined;
    default:
      return undefined;
  }
}
