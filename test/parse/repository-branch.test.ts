import { describe, expect, it } from 'vitest';
import { branchOf, repositoryOf } from '../../src/pipeline/parse/repository-branch.ts';
import { example, examples } from '../support/examples.ts';
import { expectedBranch } from '../support/expected-branch.ts';

type Json = Record<string, any>;

describe('repository and branch of every example payload in @octokit/webhooks-examples', () => {
  it('covers the whole package', () => {
    expect(examples.length).toBeGreaterThan(300);
    expect(new Set(examples.map((e) => e.event)).size).toBeGreaterThan(50);
  });

  it.each(examples.map((e, i) => [`${e.event} #${i}`, e] as const))('%s', (_, { event, payload }) => {
    const p = payload as Json;
    expect(repositoryOf(payload)).toBe(p.repository?.name ?? undefined);
    expect(branchOf(event, payload)).toBe(expectedBranch(event, p));
  });
});

describe('branch rules, on chosen examples', () => {
  it('a pull request routes on its base (target) branch, not its head', () => {
    const payload = example('pull_request', (p: Json) => p.pull_request.head.ref !== p.pull_request.base.ref) as Json;
    expect(branchOf('pull_request', payload)).toBe(payload.pull_request.base.ref);
    expect(branchOf('pull_request', payload)).not.toBe(payload.pull_request.head.ref);
  });

  it('a push of a tag has no branch; a push of a branch keeps slashes after refs/heads/', () => {
    const push = example('push') as Json;
    expect(branchOf('push', { ...push, ref: 'refs/tags/v1.0' })).toBeUndefined();
    expect(branchOf('push', { ...push, ref: 'refs/heads/feature/login' })).toBe('feature/login');
  });

  it('create and delete have a branch only for ref_type branch', () => {
    const create = example('create') as Json;
    expect(branchOf('create', { ...create, ref_type: 'branch', ref: 'dev' })).toBe('dev');
    expect(branchOf('create', { ...create, ref_type: 'tag', ref: 'v1' })).toBeUndefined();
  });

  it('workflow and check events use head_branch', () => {
    const run = example('workflow_run') as Json;
    expect(branchOf('workflow_run', run)).toBe(run.workflow_run.head_branch);
    expect(typeof run.workflow_run.head_branch).toBe('string');
  });

  it('an event without a repository has none', () => {
    expect(repositoryOf(example('organization') as Json)).toBeUndefined();
  });
});
