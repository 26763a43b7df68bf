import { rm } from 'node:fs/promises';
import type { Handler } from '../../api/index.ts';
import { RereadOnChange } from '../../config/reread-on-change.ts';
import { newCloneFolder, pruneCloneFolders } from '../git/clone-folders.ts';
import { checkCloneUrl, expandUrlTemplate } from '../git/clone-url.ts';
import { checkoutCommit, cloneRepository } from '../git/clone.ts';
import { commitDiff } from '../git/commit-diff.ts';
import { isObjectId, isZeroId } from '../git/object-id.ts';
import { hasCommit, pushedCommits } from '../git/pushed-commits.ts';
import { GitOutputTooLarge } from '../git/run-git.ts';
import type { NotifyOutcome } from '../notify/notice.ts';
import { notify } from '../notify/notify.ts';
import { scanPatch, type Finding } from '../secrets/find-secrets.ts';
import { redactUrls } from '../secrets/redact.ts';
import { loadPushConfig, type PushConfig } from './push-config.ts';
import { secretAlert } from './secret-alert.ts';

export interface PushHookOptions {
  /** config/push.json; read again whenever it changes. */
  configFile: string;
}

/** What the hook returns: it becomes the hook's `stdout` in genvoy's answer. */
export interface PushResult {
  repository: string;
  ref: string;
  /** Why nothing was cloned. */
  skipped?: string;
  clone?: string;
  /** Older clones removed to keep `keep_clones`. */
  removed_clones?: number;
  commits_scanned?: number;
  /** Why the clone was not scanned. */
  scan_skipped?: string;
  findings?: Finding[];
  alert?: NotifyOutcome | { ok: false; error: string };
}

/**
 * The push hook: clones each push to a public repository into a timestamped folder, keeps
 * the newest `keep_clones`, scans the commits the push added for secrets, and sends one
 * alert when it finds any.
 */
export function pushHook(options: PushHookOptions): Handler<'push'> {
  const config = new RereadOnChange(options.configFile, loadPushConfig);
  return async (payload, _event, context) => {
    const { log, signal } = context;
    const c = await config.get(log);
    const repository = payload.repository.full_name;
    const result: PushResult = { repository, ref: payload.ref };
    // Only ever hex ids reach git; a payload with anything else is refused before cloning.
    if (!isObjectId(payload.before) || !isObjectId(payload.after)) throw new Error(`"before" and "after" must be commit ids, got ${JSON.stringify(payload.before)} and ${JSON.stringify(payload.after)}`);
    const skip = skipReason(payload, c);
    if (skip) {
      log.info({ repository, ref: payload.ref }, `push not cloned: ${skip}`);
      return { ...result, skipped: skip };
    }
    const url = checkCloneUrl(expandUrlTemplate(c.url_template, payload), c.clone_protocols);
    const dir = await newCloneFolder(c.clone_dir);
    try {
      await cloneRepository(url, dir, { protocols: c.clone_protocols, signal });
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`cloning ${redactUrls(url)} failed: ${(err as Error).message}`);
    }
    result.clone = dir;
    result.removed_clones = (await pruneCloneFolders(c.clone_dir, c.keep_clones)).length;
    log.info({ repository, clone: dir }, 'cloned');

    if (await hasCommit(dir, payload.after, signal)) {
      await checkoutCommit(dir, payload.after, { signal }); // the folder shows what was pushed
      if (c.scan) Object.assign(result, await scan(dir, payload, c, signal));
    } else {
      result.scan_skipped = `the pushed commit ${payload.after} is not in the clone (was the branch pushed over since?)`;
    }

    const findings = result.findings ?? [];
    for (const finding of findings) log.warn({ repository, ...finding }, `possible secret pushed: ${finding.description}`);
    if (findings.length > 0) {
      const notice = secretAlert({ repository, ref: payload.ref, pusher: payload.pusher?.name, compare: payload.compare }, findings, c.alert_targets);
      result.alert = await notify(notice, { signal, log, configFile: c.notify_config }).catch((err: Error) => ({ ok: false as const, error: err.message }));
      if (!result.alert.ok) log.error({ repository, alert: result.alert }, 'the secret alert was not sent to every target');
    }
    return result;
  };
}

type PushPayload = Parameters<Handler<'push'>>[0];

function skipReason(payload: PushPayload, c: PushConfig): string | undefined {
  if (payload.deleted || isZeroId(payload.after)) return 'the push deleted the ref';
  const repo = payload.repository;
  const visibility = repo.visibility ?? (repo.private ? 'private' : 'public');
  if ((repo.private || visibility !== 'public') && !c.private_repositories) return `the repository is ${visibility} (set "private_repositories": true to clone it)`;
  if (repo.size > c.max_repository_kb) return `the repository is ${repo.size} KB, over "max_repository_kb" (${c.max_repository_kb})`;
  return undefined;
}

async function scan(dir: string, payload: PushPayload, c: PushConfig, signal: AbortSignal): Promise<Pick<PushResult, 'commits_scanned' | 'scan_skipped' | 'findings'>> {
  let commits: string[];
  try {
    const listed = (payload.commits ?? []).map((commit) => commit.id);
    commits = await pushedCommits(dir, { ref: payload.ref, before: payload.before, after: payload.after, listed }, { limit: c.max_commits + 1, signal });
  } catch (err) {
    return { scan_skipped: (err as Error).message };
  }
  if (commits.length > c.max_commits) return { scan_skipped: `the push added more than "max_commits" (${c.max_commits}) commits` };
  try {
    const patch = await commitDiff(dir, commits, { maxBytes: c.max_patch_mb * 1024 * 1024, signal });
    return { commits_scanned: commits.length, findings: scanPatch(patch, { allow: c.allow }) };
  } catch (err) {
    if (err instanceof GitOutputTooLarge) return { scan_skipped: `the push's patch is over "max_patch_mb" (${c.max_patch_mb} MB)` };
    throw err;
  }
}
