import { describe, expect, it } from 'vitest';
import { renderReadings, severalReadings } from '../../src/pipeline/route/ambiguous-names.ts';
import { knownEvents } from '../../src/pipeline/route/known-events.ts';
import { nameReadings } from '../../src/pipeline/route/name-readings.ts';
import { agrees, pinMismatch, pinsOf } from '../../src/pipeline/route/pinned-reading.ts';
import { route } from '../../src/pipeline/route/route.ts';

const readings = (name: string, rule: 'plus' | 'prefix' = 'plus') => nameReadings(name, rule, knownEvents);

describe('the readings of a hook name', () => {
  it('routes push-website-main for pushes to website\'s main, and for any push to a repository named website-main (the probe)', () => {
    const hooks = ['push-website-main'];
    expect(route(hooks, 'push', { repository: 'website', branch: 'main' }, 'plus', knownEvents).map((s) => s.hook)).toEqual(['push-website-main']);
    expect(route(hooks, 'push', { repository: 'website-main', branch: 'evil' }, 'plus', knownEvents).map((s) => s.hook)).toEqual(['push-website-main']);
    expect(readings('push-website-main')).toEqual([
      { event: 'push', repository: 'website-main' },
      { event: 'push', repository: 'website', branch: 'main' },
    ]);
  });

  it('reads every dash as a possible end of the repository, a child as its parent, and ~ as /', () => {
    expect(readings('all-a-b-c')).toEqual([
      { event: 'all', repository: 'a-b-c' },
      { event: 'all', repository: 'a', branch: 'b-c' },
      { event: 'all', repository: 'a-b', branch: 'c' },
    ]);
    expect(readings('push-website-main+deploy')).toEqual([
      { event: 'push', repository: 'website-main', parent: 'push-website-main' },
      { event: 'push', repository: 'website', branch: 'main', parent: 'push-website-main' },
    ]);
    // A repository's name has no "~": one reading.
    expect(readings('push-web-feature~login')).toEqual([{ event: 'push', repository: 'web', branch: 'feature/login' }]);
    expect(readings('pull_request-web-main')).toHaveLength(2);
    // Under "prefix" a "+" is part of the name; the prefix rule's own ambiguity is warned apart.
    expect(readings('push-web-a+b', 'prefix')).toEqual([{ event: 'push', repository: 'web', branch: 'a+b' }]);
    for (const one of ['push', 'push+notify', 'push-website', 'all-website']) expect(readings(one)).toHaveLength(1);
    expect(readings('pushy')).toEqual([]);
  });

  it('lists each name with more than one reading, and what pins make of it', () => {
    const hooks = ['push', 'push-website', 'push-website-main', 'push-my-site', 'push-my-site+notify', 'push-web-site-dev', 'all-web-dev'];
    const pins = new Map([
      ['push-website-main', { repository: 'website', branch: 'main' }],
      // Branch main: not repository "my"'s branch "site"; repository "my-site"'s main.
      ['push-my-site', { branch: 'main' }],
      ['push-web-site-dev', { branch: 'dev' }],
      ['all-web-dev', { repository: 'elsewhere' }],
    ]);
    const found = severalReadings(hooks, 'plus', knownEvents, (hook) => pins.get(hook));
    expect(found.map((s) => [s.hook, s.readings.length, s.left.length])).toEqual([
      ['all-web-dev', 2, 0],
      ['push-my-site', 2, 1],
      ['push-my-site+notify', 2, 2],
      ['push-web-site-dev', 3, 2],
      ['push-website-main', 2, 1],
    ]);
    const line = (hook: string, loaded = true) => renderReadings(found.find((s) => s.hook === hook)!, loaded);
    expect(line('push-website-main')).toBe(
      'the name reads 2 ways: event push, repository "website-main"; event push, repository "website", branch "main"; the module is pinned to repository "website", branch "main": a delivery of another reading skips it',
    );
    expect(line('push-my-site')).toMatch(/; the module is pinned to branch "main": a delivery of another reading skips it$/);
    expect(line('push-web-site-dev')).toMatch(/; the module's pins \(branch "dev"\) leave 2 of them: it runs for each; pin the repository and the branch/);
    expect(line('push-my-site+notify')).toMatch(/^a child of "push-my-site", whose name reads 2 ways: .*; it runs for each: pin a module to one \(export const repository = '…' and export const branch = '…'\), or rename it$/);
    expect(line('push-my-site+notify', false)).toMatch(/; unless its module pins one \(.*\), it runs for each$/);
    expect(line('all-web-dev')).toMatch(/any event, repository "web-dev"; any event, repository "web", branch "dev"; the module is pinned to repository "elsewhere", none of them: it never runs$/);
  });
});

describe('pins', () => {
  it('skips a delivery of another repository or branch, with the reason', () => {
    const pins = { repository: 'website', branch: 'main' };
    expect(pinMismatch(pins, { repository: 'website', fullName: 'acme/website', branch: 'main' })).toBeUndefined();
    expect(pinMismatch(pins, { repository: 'Website', branch: 'main' })).toBeUndefined(); // GitHub's names know no case
    expect(pinMismatch(pins, { repository: 'website-main', branch: 'evil' })).toBe('repository: pinned to "website", this delivery is for "website-main"');
    expect(pinMismatch(pins, { repository: 'website', branch: 'Main' })).toBe('branch: pinned to "main", this delivery is for "Main"');
    expect(pinMismatch(pins, { repository: 'website' })).toBe('branch: pinned to "main", this delivery is for none');
    expect(pinMismatch({ repository: 'acme/website' }, { repository: 'website', fullName: 'mallory/website' })).toBe('repository: pinned to "acme/website", this delivery is for "mallory/website"');
    expect(pinMismatch({}, { repository: 'anything' })).toBeUndefined();
  });

  it('reads pins from a module\'s exports and says what is wrong with them', () => {
    expect(pinsOf({ repository: 'website', branch: 'main', handle() {} })).toEqual({ pins: { repository: 'website', branch: 'main' }, problems: [] });
    expect(pinsOf({ repository: ['a'], branch: 1 }).problems).toEqual([
      "repository: expected the repository's name (or owner/name) this hook is for, a string",
      "branch: expected the branch's name this hook is for, a string",
    ]);
    expect(agrees({ event: 'push', repository: 'website', branch: 'main' }, { repository: 'acme/website' })).toBe(true);
    expect(agrees({ event: 'push', repository: 'website-main' }, { repository: 'website' })).toBe(false);
    expect(agrees({ event: 'push', repository: 'website-main' }, { branch: 'main' })).toBe(true); // that reading takes every branch
  });
});
