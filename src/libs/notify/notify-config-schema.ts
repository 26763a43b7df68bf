import { z } from 'zod';

/**
 * A URL written in the config, or where to find it: `env:NAME` (an environment variable) or
 * `!path` (a file holding it, relative to the config file). Webhook URLs are secrets: keep
 * them out of the config file.
 */
const reference = z.string().min(1);

const targetSchema = z.strictObject({
  /** teams: Workflows Adaptive Card; messagecard: the legacy connector card; slack (Mattermost, Rocket.Chat); json: a generic POST. */
  type: z.enum(['teams', 'messagecard', 'slack', 'json']).default('teams'),
  url: reference,
  /** For `slack` targets: Slack reads mrkdwn, Mattermost and Rocket.Chat read Markdown. */
  markup: z.enum(['mrkdwn', 'markdown']).default('mrkdwn'),
  /** At most `posts` per `per_s` seconds; more wait and go out as one digest. Default: 25 per 300 s for Teams and MessageCard, 60 per 60 s for Slack, 600 per 60 s for JSON. */
  rate_limit: z.strictObject({ posts: z.number().int().min(1), per_s: z.number().positive() }).optional(),
  timeout_s: z.number().positive().default(10),
  /** Further attempts after a 429, a 5xx or a network error. */
  retries: z.number().int().min(0).max(10).default(3),
});

const templateSchema = z.strictObject({
  active: z.boolean().default(true),
  /** Default: the built-in message's title (who did what to which thing, where). */
  title: z.string().min(1).optional(),
  /** Default: the built-in message's body (an excerpt of the text, the commits of a push, a check's summary). */
  message: z.string().optional(),
  /** good, warning, attention, accent or a hex colour; may be a template (`${…}`). */
  color: z.string().optional(),
  /** A link to open; a template. */
  url: z.string().optional(),
  facts: z.array(z.strictObject({ title: z.string().min(1), value: z.string() })).default([]),
  /** Target names or @aliases; default: `default_targets`. */
  targets: z.array(z.string().min(1)).optional(),
  /** An adaptive-expressions condition over the payload: the message is sent only where it holds. */
  when: z.string().min(1).optional(),
});

export const notifyConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  targets: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: 'a target name is letters, digits, _ . -' }), targetSchema).default({}),
  /** `@name` → target names. */
  aliases: z.record(z.string().regex(/^@[A-Za-z0-9_.-]+$/, { message: 'an alias starts with @' }), z.array(z.string().min(1))).default({}),
  /** Where a message goes when its template names no targets; default: every target. */
  default_targets: z.array(z.string().min(1)).optional(),
  /**
   * check_run, check_suite, workflow_job, workflow_run, status and deployment_status: `problems`
   * sends them only when something failed, was cancelled or waits for a person; `all`, every one.
   */
  ci_events: z.enum(['problems', 'all']).default('problems'),
  /** Templates by event (`issues`) or event and action (`issues.opened`); `*` replaces the built-in default. */
  events: z.record(z.string().min(1), templateSchema).default({}),
});

export type NotifyConfigFile = z.input<typeof notifyConfigSchema>;
export type TargetFile = z.output<typeof targetSchema>;
export type TemplateFile = z.output<typeof templateSchema>;
