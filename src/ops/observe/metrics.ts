import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { within } from '../../base/within.ts';
import type { LiveConfig } from '../../config/watch-config.ts';
import type { PassOutcome, Taken } from '../../intake/intake.ts';
import type { Acknowledged } from '../../intake/relay/outbox.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import { rejectionReasons, type RejectionReason } from '../../pipeline/receive/rejection.ts';
import type { HookEngine } from '../../runtime/hook-engine.ts';
import type { LoadListener } from '../../runtime/hook-folder/hook-folder.ts';
import { answeredAs, eventLabel } from './outcomes.ts';
import { processMetrics } from './process-metrics.ts';

/** From a few milliseconds (a module) to minutes (a clone), in seconds. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** How long a scrape waits for the queue's depth (Redis) before it reports NaN. */
const depthTimeoutMs = 1000;

/** What a relay's gauges read at a scrape. */
export interface RelayGauges {
  /** Deliveries no agent has acknowledged, and when the oldest arrived (epoch ms). */
  backlog(): { count: number; oldestAt: number | undefined };
  /** Agents streaming now. */
  agents(): number;
}

/**
 * genvoy's metrics, in a registry of their own (several servers can share one process, as in
 * the tests), with the process's Node metrics (one set per process) added at each scrape.
 * Labels take bounded values only: events by GitHub's names, hooks by the hooks folder's,
 * outcomes and reasons from fixed lists; never a delivery id or a repository from a payload.
 */
export class Metrics {
  readonly #registry = new Registry();
  readonly #deliveries = new Counter({
    name: 'genvoy_deliveries_total',
    help: 'Deliveries past the guards, by event and what became of them at the answer: queued, recorded (answered from the record), running (a redelivery of one in progress), relayed (kept by a relay for its agent) or ping',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.#registry],
  });
  readonly #passes = new Counter({
    name: 'genvoy_delivery_passes_total',
    help: "Passes over a delivery's hooks, by event and where they left it: done, retry (a hook waits for a retry) or dead (a hook ran out of attempts)",
    labelNames: ['event', 'outcome'] as const,
    registers: [this.#registry],
  });
  readonly #rejections = new Counter({
    name: 'genvoy_rejections_total',
    help: 'Requests turned away, by reason',
    labelNames: ['reason'] as const,
    registers: [this.#registry],
  });
  readonly #hookRuns = new Counter({
    name: 'genvoy_hook_runs_total',
    help: 'Hook runs, by hook and outcome: ok, failed, timeout or skipped (its when was false)',
    labelNames: ['hook', 'outcome'] as const,
    registers: [this.#registry],
  });
  readonly #hookDuration = new Histogram({
    name: 'genvoy_hook_duration_seconds',
    help: 'How long hook runs took, by hook',
    labelNames: ['hook'] as const,
    buckets: durationBuckets,
    registers: [this.#registry],
  });
  readonly #moduleLoads = new Counter({
    name: 'genvoy_hook_module_loads_total',
    help: 'Hook module loads (at start, or of a new hooks folder) and reloads (a file changed), by outcome: ok or failed',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.#registry],
  });
  readonly #configReloads = new Counter({
    name: 'genvoy_config_reloads_total',
    help: 'Reloads of the config file after an edit, by outcome: ok, or failed (the config before it stays in force)',
    labelNames: ['outcome'] as const,
    registers: [this.#registry],
  });
  readonly #configGood = new Gauge({
    name: 'genvoy_config_last_reload_successful',
    help: 'Whether the last edit of the config file loaded (1) or was rejected (0)',
    registers: [this.#registry],
  });

  constructor() {
    // Series that exist from the start, so that rate() and alerts see their first increase.
    for (const reason of rejectionReasons) this.#rejections.inc({ reason }, 0);
    for (const outcome of ['ok', 'failed']) this.#configReloads.inc({ outcome }, 0);
    this.#configGood.set(1);
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  /** The Prometheus text of every metric, this server's and the process's. */
  text(): Promise<string> {
    return Registry.merge([processMetrics(), this.#registry]).metrics();
  }

  /** Counts hook runs (whichever queue runs them), module loads and config reloads. */
  watch(hooks: HookEngine, config: LiveConfig): void {
    for (const kind of ['load', 'reload']) for (const outcome of ['ok', 'failed']) this.#moduleLoads.inc({ kind, outcome }, 0);
    hooks.onRun(this.#hookRan);
    hooks.onLoad(this.#moduleLoaded);
    this.watchConfig(config);
  }

  /** Counts config reloads (a relay, which has no hooks, watches only these). */
  watchConfig(config: LiveConfig): void {
    config.onReload(this.#configReloaded);
  }

  /**
   * A relay's gauges, read at each scrape: its backlog and its agent. Returns what counts an
   * acknowledgement by what it found.
   */
  relay(gauges: RelayGauges): (status: Acknowledged) => void {
    const registers = [this.#registry];
    new Gauge({
      name: 'genvoy_relay_waiting_deliveries',
      help: 'Deliveries at this relay that no agent has acknowledged yet',
      registers,
      collect() {
        this.set(gauges.backlog().count);
      },
    });
    new Gauge({
      name: 'genvoy_relay_oldest_waiting_seconds',
      help: 'How long the oldest delivery no agent has acknowledged has waited; 0 when none waits',
      registers,
      collect() {
        const { oldestAt } = gauges.backlog();
        this.set(oldestAt === undefined ? 0 : Math.max(0, (Date.now() - oldestAt) / 1000));
      },
    });
    new Gauge({
      name: 'genvoy_relay_agents_connected',
      help: 'Agents streaming from this relay now: 1 or 0 (one at a time)',
      registers,
      collect() {
        this.set(gauges.agents());
      },
    });
    const acks = new Counter({
      name: 'genvoy_relay_acknowledgements_total',
      help: 'Acknowledgements from agents, by what they found: acknowledged, already (acknowledged before) or unknown (no such delivery)',
      labelNames: ['status'] as const,
      registers,
    });
    for (const status of ['acknowledged', 'already', 'unknown'] as const) acks.inc({ status }, 0);
    return (status) => acks.inc({ status });
  }

  /** Reports the number of deliveries not finished, asked at each scrape; NaN when it does not come in time. */
  queueDepth(depth: () => Promise<number> | number): void {
    new Gauge({
      name: 'genvoy_queue_depth',
      help: 'Deliveries not finished (waiting, running, or waiting for a retry): in the embedded journal, or in the whole Redis queue; NaN when Redis does not answer',
      registers: [this.#registry],
      async collect() {
        this.set(await within(depth(), depthTimeoutMs, 'the queue').catch(() => NaN));
      },
    });
  }

  readonly taken = (delivery: Delivery, taken: Taken): void => {
    this.#deliveries.inc({ event: eventLabel(delivery.event), outcome: answeredAs(delivery.event, taken.kind) });
  };

  readonly finished = (delivery: Delivery, outcome: PassOutcome): void => {
    this.#passes.inc({ event: eventLabel(delivery.event), outcome });
  };

  readonly rejected = (reason: RejectionReason): void => {
    this.#rejections.inc({ reason });
  };

  readonly #hookRan = (hook: string, result: HookResult): void => {
    this.#hookRuns.inc({ hook, outcome: result.status });
    this.#hookDuration.observe({ hook }, result.duration_ms / 1000);
  };

  readonly #moduleLoaded: LoadListener = (load) => {
    this.#moduleLoads.inc({ kind: load.reload ? 'reload' : 'load', outcome: load.error === undefined ? 'ok' : 'failed' });
  };

  readonly #configReloaded = (error?: string): void => {
    this.#configReloads.inc({ outcome: error === undefined ? 'ok' : 'failed' });
    this.#configGood.set(error === undefined ? 1 : 0);
  };
}
