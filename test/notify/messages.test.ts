import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/libs/notify/describe-event.ts';
import { plain, type Message } from '../../src/libs/notify/message.ts';
import { targetBody } from '../../src/libs/notify/target-body.ts';
import { branchPush, example, examples } from '../support/examples.ts';

/** A word left hanging by a missing field ("by" at the end), a doubled space, or a value that was not there. */
const dangling = /(?:^|\s)(?:by|in|to|on|for|of|from|with|and)$|\s{2}|""|\b(?:undefined|null|NaN)\b|\[object|#\?|\s[,.:;]/;
/** A title that starts with its preposition: its actor or subject is missing. */
const headless = /^(?:by|in|to|on|for|of|from|with)\s/;
/** "1 stars", "now 1 commits": a count of one with a plural. */
const onePlural = /(?:^|\s)1 (?:stars|commits|repositories|pages|events|wiki pages|more commits)\b/;
/** "2 star", "0 commit": a count other than one with a singular. */
const manySingular = /(?:^|\s)(?:0|[2-9]|\d{2,}) (?:star|commit|repository|page|event)(?:\s|$)/;

const people = ['issues', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'issue_comment', 'commit_comment', 'discussion', 'discussion_comment', 'release', 'create', 'delete', 'fork', 'star', 'watch', 'label', 'milestone', 'member'];
/** What names a thing by its number in a title, by event. */
const numbered: Record<string, string> = { issues: 'issue.number', issue_comment: 'issue.number', pull_request: 'pull_request.number', pull_request_review: 'pull_request.number', discussion: 'discussion.number' };

const at = (payload: Record<string, unknown>, path: string): unknown => path.split('.').reduce<any>((v, k) => v?.[k], payload);

function texts(m: Message): string[] {
  return [m.title, ...plain(m.text).split('\n')];
}

describe('the built-in message of every event GitHub sends', () => {
  it('names the thing, what happened, where and who acted; no dangling word, no wrong plural, a few lines at most, a link', () => {
    for (const { event, payload } of examples) {
      const label = `${event}.${payload.action ?? ''}: `;
      const m = describeEvent(event, payload);
      expect(m.title, label).not.toMatch(headless);
      expect(m.title, label).not.toMatch(dangling);
      for (const text of texts(m)) {
        expect(text, label + text).not.toMatch(onePlural);
        expect(text, label + text).not.toMatch(manySingular);
      }
      const repository = at(payload, 'repository.full_name');
      if (typeof repository === 'string' && event !== 'repository') expect(m.title, label).toContain(repository);
      if (people.includes(event)) expect(m.title, label).toContain(event === 'push' ? at(payload, 'pusher.name') : at(payload, 'sender.login'));
      if (numbered[event]) expect(m.title, label).toContain(`#${at(payload, numbered[event])}`);
      expect(m.title.length, label + m.title).toBeLessThanOrEqual(200);
      const body = plain(m.text);
      expect(body.split('\n').length, label + body).toBeLessThanOrEqual(6);
      expect(body.length, label + body).toBeLessThanOrEqual(600);
      expect(m.url, label).toMatch(/^https?:\/\//);
    }
  });

  it('leaves no dangling word when the sender, the repository and the subjects are missing', () => {
    for (const { event, payload } of examples) {
      const stripped = structuredClone(payload);
      for (const key of ['sender', 'repository', 'organization', 'enterprise', 'pusher']) delete stripped[key];
      for (const value of Object.values(stripped)) {
        if (value && typeof value === 'object' && !Array.isArray(value)) for (const key of ['title', 'name', 'login', 'head_branch', 'event', 'conclusion', 'environment', 'ref']) delete (value as Record<string, unknown>)[key];
      }
      const m = describeEvent(event, stripped);
      expect(m.title.trim(), event).not.toBe('');
      expect(m.title, event).not.toMatch(headless);
      expect(m.title, `${event}.${payload.action ?? ''}`).not.toMatch(dangling);
    }
  });

  it("describes an event or action named after an Object property ('constructor') as any unknown one", () => {
    const message = describeEvent('constructor', { action: 'created', repository: { full_name: 'octo/site' } });
    expect(message.title).toMatch(/octo\/site/);
    for (const event of ['repository', 'installation', 'check_run', 'discussion']) {
      expect(describeEvent(event, { action: 'constructor', repository: { full_name: 'octo/site' } }).title).toMatch(/octo\/site|constructor/);
    }
  });

  it('opens an issue as a person would say it', () => {
    const m = describeEvent('issues', example('issues', (p) => p.action === 'opened'));
    expect(m.title).toBe('Codertocat opened issue #1 "Spelling error in the README file" in Codertocat/Hello-World');
    expect(plain(m.text)).toBe("It looks like you accidently spelled 'commit' with two 't's.");
    expect(m.url).toBe('https://github.com/Codertocat/Hello-World/issues/1');
  });

  it('counts stars with the right plural', () => {
    const payload = example('star', (p) => p.action === 'created');
    (payload.repository as Record<string, unknown>).stargazers_count = 1;
    expect(plain(describeEvent('star', payload).text)).toBe('now 1 star');
    (payload.repository as Record<string, unknown>).stargazers_count = 1204;
    expect(plain(describeEvent('star', payload).text)).toBe('now 1,204 stars');
  });

  it('links each commit of a push and shortens a 300-character subject', () => {
    const payload = branchPush();
    const commits = payload.commits as Array<Record<string, unknown>>;
    const subject = 'Refactor '.repeat(34).slice(0, 300);
    commits[0]!.message = `${subject}\n\nThe body of the commit message.`;
    const m = describeEvent('push', payload);
    expect(m.title).toBe(`Codertocat pushed ${commits.length === 1 ? '1 commit' : `${commits.length} commits`} to ${String(payload.ref).replace('refs/heads/', '')} in Codertocat/Hello-World`);
    const links = m.text.filter((s) => s.href);
    expect(links.map((s) => s.href)).toEqual(commits.slice(0, 5).map((c) => c.url));
    expect(links[0]!.text).toBe(String(commits[0]!.id).slice(0, 7));
    const line = m.text.map((s) => s.text).join('').split('\n')[0]!;
    expect(line).toBe(`• ${String(commits[0]!.id).slice(0, 7)} ${subject.slice(0, 62).trimEnd()}… — ${(commits[0]!.author as { name: string }).name}`);
    expect(plain(m.text)).not.toContain('The body of the commit message');
  });

  it('says which check failed, where, with its conclusion', () => {
    const m = describeEvent('check_run', example('check_run', (p) => p.action === 'completed' && (p.check_run as { conclusion: string }).conclusion === 'failure'));
    expect(m.title).toBe('Check "Octocoders-linter" failed on changes in Codertocat/Hello-World');
    expect(m.color).toBe('attention');
    expect(m.url).toBe('https://github.com/Codertocat/Hello-World/runs/128620228');
  });

  it('cuts an issue body to a short plain-text excerpt of the author’s Markdown', () => {
    const payload = example('issues', (p) => p.action === 'opened');
    (payload.issue as Record<string, unknown>).body = '## Steps\n\n1. Save **config.json** with a [BOM](https://en.wikipedia.org/wiki/BOM)\n2. Run `npm start`\n\n```\nat JSON.parse (<anonymous>)\n```\n' + 'More details follow. '.repeat(300);
    const body = plain(describeEvent('issues', payload).text);
    expect(body).toBe('Steps\n1. Save config.json with a BOM\n2. Run npm start\nat JSON.parse (<anonymous>) …');
  });

  it('neutralises bidirectional controls and invisible characters, keeps entities as typed, on every target', () => {
    const payload = example('issues', (p) => p.action === 'opened');
    (payload.issue as Record<string, unknown>).title = 'Invoice \u202Egpj.exe\u202C &amp; \u2066x\u2069\u200B\u200E\u061C\uFEFF';
    const m = describeEvent('issues', payload);
    for (const type of ['teams', 'messagecard', 'slack', 'json'] as const) {
      for (const markup of ['mrkdwn', 'markdown'] as const) {
        const body = targetBody({ type, markup }, m).body;
        expect(body, `${type} ${markup}`).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]|\\u20(?:2[a-eA-E]|6[6-9]|0[eEfF])|\\u061c|\\ufeff/i);
        expect(body, `${type} ${markup}`).toContain('gpj.exe');
      }
    }
    // Markdown targets escape the & so that `&amp;` is shown as typed; Mattermost's plain preview has no escapes.
    const card = JSON.parse(targetBody({ type: 'teams', markup: 'mrkdwn' }, m).body).attachments[0].content;
    expect(card.body[0].items[0].text).toContain('\\&amp;');
    const mattermost = JSON.parse(targetBody({ type: 'slack', markup: 'markdown' }, m).body).attachments[0];
    expect(mattermost.fallback).toBe('Codertocat opened issue #1 "Invoice gpj.exe &amp; x" in Codertocat/Hello-World');
    expect(mattermost.fallback).not.toContain('\\');
  });

  it('keeps a zero-width joiner inside an emoji', () => {
    const payload = example('issues', (p) => p.action === 'opened');
    (payload.issue as Record<string, unknown>).title = 'Thanks 👩\u200D💻';
    expect(JSON.parse(targetBody({ type: 'json', markup: 'mrkdwn' }, describeEvent('issues', payload)).body).title).toContain('👩\u200D💻');
  });
});
