import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { readJsonFile, validated } from '../../config/load-config.ts';
import { gitProtocols } from '../git/run-git.ts';
import { ruleIds } from '../secrets/rules.ts';

const ruleId = z.string().refine((id) => ruleIds.has(id), { message: `not a rule id (the rules: ${[...ruleIds].join(', ')})` });

/** The keys of config/push.json; each has a default, an unknown key is an error. */
const pushConfigSchema = z.strictObject({
  /** Where clones go, one timestamped folder each; relative to push.json's folder. */
  clone_dir: z.string().min(1).default('../clones'),
  /** `{a/b}` walks the payload. */
  url_template: z.string().min(1).default('{repository/clone_url}'),
  /** The protocols a clone URL may use. `file` lets a delivery name any repository on this machine: only for tests and local mirrors. */
  clone_protocols: z.array(z.enum(gitProtocols)).min(1).default(['https', 'ssh']),
  /** Clone and scan private repositories too (the clone URL then needs credentials, e.g. ssh). */
  private_repositories: z.boolean().default(false),
  /** How many clones to keep, the newest; older ones are removed after each clone. */
  keep_clones: z.number().int().min(1).default(10),
  /** Pushes to a repository larger than this (GitHub's `repository.size`, in KB) are skipped. */
  max_repository_kb: z.number().int().positive().default(1_048_576),
  /** A push that adds more commits than this is cloned but not scanned. */
  max_commits: z.number().int().positive().default(1000),
  /** The patch text of a push over this many MB is not scanned. */
  max_patch_mb: z.number().positive().default(50),
  scan: z.boolean().default(true),
  allow: z
    .strictObject({
      rules: z.array(ruleId).default([]),
      /** Path globs: `*` within a folder, `**` across folders. */
      paths: z.array(z.string().min(1)).default([]),
    })
    .default({ rules: [], paths: [] }),
  /** Notification targets for the alert; unset: the notification config's defaults. */
  alert_targets: z.array(z.string().min(1)).optional(),
  /** The notification config the alert goes through, relative to push.json; unset: notify()'s own (GENVOY_NOTIFY_CONFIG, else config/notify.json). */
  notify_config: z.string().min(1).optional(),
});

/** A validated push.json, its paths made absolute. */
export type PushConfig = z.output<typeof pushConfigSchema> & { file: string };

export async function loadPushConfig(file: string): Promise<PushConfig> {
  const abs = resolve(file);
  const c = validated(pushConfigSchema, await readJsonFile(abs), abs);
  const at = (path: string) => resolve(dirname(abs), path);
  return { ...c, clone_dir: at(c.clone_dir), notify_config: c.notify_config === undefined ? undefined : at(c.notify_config), file: abs };
}
