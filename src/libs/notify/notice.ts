import type { Logger } from '../../base/logger.ts';

/** A message for the chat targets. Texts are plain: notify escapes them for each target's markup. */
export interface Notice {
  /** The event, for grouping in digests. */
  event: string;
  repository?: string;
  title: string;
  text: string;
  /** 'good' | 'warning' | 'attention' | 'accent', or a hex colour such as '#d73a4a'. */
  color?: string;
  facts?: Array<{ title: string; value: string }>;
  /** A link to open. */
  url?: string;
  /** Target names or @aliases; default: the config's `default_targets`. */
  targets?: string[];
}

export interface NotifyOptions {
  /** The notify config; default: GENVOY_NOTIFY_CONFIG, else config/notify.json beside genvoy's hooks. */
  configFile?: string;
  signal?: AbortSignal;
  log?: Logger;
  /**
   * A key (the delivery id) under which each target takes the message once: when genvoy
   * retries a hook whose send failed at one target, the targets that took it are skipped.
   */
  once?: string;
}

/** What happened at one target. `url` is redacted: scheme and host only. */
export interface TargetOutcome {
  target: string;
  url?: string;
  /**
   * sent: the target took it; queued: over the target's rate limit, it goes out in the next
   * digest; failed: see `reason`; skipped: the target has no URL (its variable or file is unset).
   */
  status: 'sent' | 'queued' | 'failed' | 'skipped';
  reason?: string;
  attempts?: number;
}

export interface NotifyOutcome {
  /** False when any target failed. */
  ok: boolean;
  targets: TargetOutcome[];
}
