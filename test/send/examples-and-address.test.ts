import { describe, expect, it } from 'vitest';
import { branchPlace } from '../../src/pipeline/parse/branch-places.ts';
import { branchOf, placeOf } from '../../src/pipeline/parse/repository-branch.ts';
import { readdress } from '../../src/commands/support/readdress.ts';
import { exampleGroups, listExamples, pickExample } from '../../src/testing/webhook-examples.ts';
import { example, examples } from '../support/examples.ts';

describe('pickExample', () => {
  it('picks by event, action and position, counting from 1', () => {
    const opened = exampleGroups().find((g) => g.name === 'issues')!.examples.filter((p) => p.action === 'opened');
    expect(pickExample(exampleGroups(), 'push')?.payload).toEqual(exampleGroups().find((g) => g.name === 'push')!.examples[0]);
    expect(pickExample(exampleGroups(), 'issues.opened')).toEqual({ event: 'issues', payload: opened[0] });
    expect(pickExample(exampleGroups(), 'issues.opened:2')).toEqual({ event: 'issues', payload: opened[1] });
    expect(pickExample(exampleGroups(), 'repository_dispatch.on-demand-test')?.event).toBe('repository_dispatch');
    for (const missing of ['issues.opened:0', `issues.opened:${opened.length + 1}`, 'issues.nope', 'nope', 'Push', '']) {
      expect(pickExample(exampleGroups(), missing)).toBeUndefined();
    }
  });

  it('lists every event with its actions', () => {
    const list = listExamples(exampleGroups()).split('\n');
    expect(list).toHaveLength(exampleGroups().length);
    expect(list.find((line) => line.startsWith('issues '))).toMatch(/\.opened:1\.\.\d/);
  });
});

describe('readdress', () => {
  it.each([
    ['push', () => example('push', (p) => String(p.ref).startsWith('refs/heads/'))],
    ['pull_request', () => example('pull_request')],
    ['create', () => example('create')],
    ['check_run', () => example('check_run')],
  ])('moves a %s to the repository and branch that routing then reads', (event, payload) => {
    const original = payload();
    const moved = readdress(event, original, { repo: 'acme/elsewhere', branch: 'feature/x', action: 'opened' });
    expect(placeOf(event, moved)).toEqual({ repository: 'elsewhere', branch: 'feature/x' });
    expect(moved).toMatchObject({ action: 'opened', repository: { full_name: 'acme/elsewhere' } });
    // Its URLs follow, so that a hook cloning it clones the repository named.
    const repository = moved.repository as Record<string, unknown>;
    const from = String((original.repository as Record<string, unknown>).full_name);
    expect(String(repository.clone_url)).toContain('/acme/elsewhere');
    expect(String(repository.html_url)).toContain('/acme/elsewhere');
    expect(Object.values(repository).filter((v) => typeof v === 'string' && v.includes(from))).toEqual([]);
    expect(original).toEqual(payload()); // the original is left alone
  });

  it('moves every example GitHub documents to the branch asked, wherever its event keeps one, and leaves the others alone', () => {
    let moved = 0;
    for (const { event, payload } of examples) {
      const readdressed = readdress(event, payload, { branch: 'feature/x' });
      const where = `${event} (${String(payload.action ?? '')})`;
      if (branchOf(event, payload) !== undefined || branchPlace(event, payload)) {
        expect(branchOf(event, readdressed), where).toBe('feature/x');
        moved++;
      } else {
        // No place for a branch: nothing is written where routing would not read it.
        expect(readdressed, where).toEqual(payload);
      }
    }
    // Pushes, branch creations, pull requests, checks and workflows are among the examples.
    expect(moved).toBeGreaterThan(50);
  });

  it("keeps the owner when only a name is given", () => {
    const moved = readdress('issues', example('issues'), { repo: 'other' }) as { repository: { full_name: string } };
    expect(moved.repository.full_name).toBe(`${(example('issues') as { repository: { owner: { login: string } } }).repository.owner.login}/other`);
  });
});
