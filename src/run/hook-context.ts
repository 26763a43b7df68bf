import type { HookContext } from '../index.ts';
import type { Delivery } from '../parse/delivery.ts';
import type { Logger } from '../log/logger.ts';

/**
 * What a module hook gets as `context`. Its logger and abort signal are made when the hook
 * first asks for them (or, for the signal, at the timeout): most hooks never do, and both
 * cost more than running a small hook.
 */
export class RunContext implements HookContext {
  readonly delivery: string;
  readonly event: string;
  readonly action?: string;
  readonly repository?: string;
  readonly branch?: string;
  #log: Logger | undefined;
  #controller: AbortController | undefined;

  constructor(
    from: Delivery,
    readonly hook: string,
    private readonly parentLog: () => Logger,
  ) {
    this.delivery = from.id;
    this.event = from.event;
    this.action = from.action;
    this.repository = from.repository;
    this.branch = from.branch;
  }

  get log(): Logger {
    return (this.#log ??= this.parentLog().child({ hook: this.hook }));
  }

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  abort(reason: Error): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }
}
