import { dirname, resolve } from 'node:path';
import { type ConfigProblem } from '../../base/config-error.ts';
import { expression } from '../../base/expression.ts';
import { configProblems, readJsonFile, validated } from '../../config/load-config.ts';
import { notifyConfigSchema, type TargetFile, type TemplateFile } from './notify-config-schema.ts';
import { resolveReference } from './reference.ts';
import { compileTemplate, type Template } from './template.ts';

export interface Target {
  name: string;
  type: TargetFile['type'];
  /** The webhook URL: a secret, never logged in full (see webhook-origin.ts). */
  url?: string;
  /** Why there is no URL: the variable or file it comes from is unset. */
  unset?: string;
  markup: TargetFile['markup'];
  rateLimit: { posts: number; windowMs: number };
  timeoutMs: number;
  retries: number;
}

export interface EventTemplate {
  key: string;
  active: boolean;
  title?: Template;
  /** Undefined: the built-in message's body. */
  message?: Template;
  color?: Template;
  url?: Template;
  facts: Array<{ title: Template; value: Template }>;
  targets?: string[];
  when?: string;
}

export interface NotifyConfig {
  file: string;
  targets: Map<string, Target>;
  aliases: Map<string, string[]>;
  defaultTargets: string[];
  events: Map<string, EventTemplate>;
  /** `problems`: CI events only when something failed or waits for a person; `all`: every one. */
  ciEvents: 'problems' | 'all';
}

const defaultRate = { teams: { posts: 25, per_s: 300 }, messagecard: { posts: 25, per_s: 300 }, slack: { posts: 60, per_s: 60 }, json: { posts: 600, per_s: 60 } };

/** Reads and validates a notify config; every problem is a ConfigError naming the file and key, never a value. */
export async function loadNotifyConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<NotifyConfig> {
  const abs = resolve(file);
  const c = validated(notifyConfigSchema, await readJsonFile(abs), abs);
  const problems: ConfigProblem[] = [];

  const targets = new Map<string, Target>();
  for (const [name, t] of Object.entries(c.targets)) {
    const found = await resolveReference(t.url, dirname(abs), env);
    const rate = t.rate_limit ?? defaultRate[t.type];
    const target: Target = { name, type: t.type, markup: t.markup, rateLimit: { posts: rate.posts, windowMs: rate.per_s * 1000 }, timeoutMs: t.timeout_s * 1000, retries: t.retries };
    if ('unset' in found) target.unset = found.unset;
    else if (!/^https?:\/\//i.test(found.value)) problems.push({ path: ['targets', name, 'url'], message: 'expected an http(s) URL, env:NAME or !file' });
    else target.url = found.value;
    targets.set(name, target);
  }

  const aliases = new Map(Object.entries(c.aliases));
  const check = (names: string[] | undefined, path: ConfigProblem['path']) => {
    for (const name of names ?? []) {
      if (name.startsWith('@') ? !aliases.has(name) : !targets.has(name)) problems.push({ path, message: `${name.startsWith('@') ? 'alias' : 'target'} "${name}" is not defined` });
    }
  };
  for (const [alias, members] of aliases) {
    check(members, ['aliases', alias]);
    if (members.some((m) => m.startsWith('@'))) problems.push({ path: ['aliases', alias], message: 'an alias lists targets, not other aliases' });
  }
  check(c.default_targets, ['default_targets']);

  const events = new Map<string, EventTemplate>();
  for (const [key, t] of Object.entries(c.events)) {
    check(t.targets, ['events', key, 'targets']);
    const compiled = compileEvent(key, t, problems);
    if (compiled) events.set(key, compiled);
  }
  if (problems.length) throw configProblems(abs, problems);
  return { file: abs, targets, aliases, defaultTargets: c.default_targets ?? [...targets.keys()], events, ciEvents: c.ci_events };
}

function compileEvent(key: string, t: TemplateFile, problems: ConfigProblem[]): EventTemplate | undefined {
  const compile = (source: string, ...at: Array<string | number>): Template => {
    try {
      return compileTemplate(source);
    } catch (err) {
      problems.push({ path: ['events', key, ...at], message: (err as Error).message });
      return [];
    }
  };
  if (t.when) {
    try {
      expression(t.when);
    } catch (err) {
      problems.push({ path: ['events', key, 'when'], message: (err as Error).message });
    }
  }
  return {
    key,
    active: t.active,
    title: t.title === undefined ? undefined : compile(t.title, 'title'),
    message: t.message === undefined ? undefined : compile(t.message, 'message'),
    color: t.color === undefined ? undefined : compile(t.color, 'color'),
    url: t.url === undefined ? undefined : compile(t.url, 'url'),
    facts: t.facts.map((f, i) => ({ title: compile(f.title, 'facts', i, 'title'), value: compile(f.value, 'facts', i, 'value') })),
    targets: t.targets,
    when: t.when,
  };
}

/** Target names or @aliases as target names, each once, in order. */
export function expandTargets(config: NotifyConfig, names: string[]): { targets: Target[]; unknown: string[] } {
  const targets: Target[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const members = name.startsWith('@') ? config.aliases.get(name) : [name];
    if (!members) unknown.push(name);
    for (const member of members ?? []) {
      const target = config.targets.get(member);
      if (!target) unknown.push(member);
      else if (!targets.includes(target)) targets.push(target);
    }
  }
  return { targets, unknown };
}
