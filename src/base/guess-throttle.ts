import { isIP } from 'node:net';

/** Wrong guesses are counted over this long; a window without any starts the count over. */
const windowMs = 15 * 60_000;
/** Wrong guesses a client may make in a window before it has to wait. */
export const perClient = 5;
/**
 * Wrong guesses from every client together (guessing from many addresses) before every client
 * that has failed itself waits: one that has not (the admin) is never held for others' guesses.
 */
export const overall = 50;
/** The first wait; each wrong guess after it doubles the next. */
const firstWaitMs = 5000;
const longestWaitMs = windowMs;
/** Kept at most: beyond, the oldest clients' counts are forgotten (the overall count still holds). */
const clientsKept = 10_000;

interface Count {
  failures: number;
  last: number;
  /** Refused until then (0: free). */
  until: number;
}

/**
 * Slows down guessing a secret (the web page's login, a bearer token): past `perClient` wrong
 * guesses in a window from one client (an IPv4 address, or an IPv6 /64: one machine gets a
 * whole /64), or `overall` from all, each further try must wait, twice as long each time.
 * Pure: the caller says when it is.
 */
export class GuessThrottle {
  readonly #clients = new Map<string, Count>();
  readonly #all: Count = { failures: 0, last: 0, until: 0 };

  /** How long this client must wait before its next guess is checked (0: now). */
  waitMs(client: string, now: number): number {
    const own = this.#clients.get(clientKey(client));
    if (!own || now - own.last >= windowMs) return 0;
    return Math.max(0, own.until - now, this.#all.until - now);
  }

  /** Counts a wrong guess; returns how long the client must now wait (0: it may try again). */
  failed(client: string, now: number): number {
    const key = clientKey(client);
    const count = this.#clients.get(key) ?? { failures: 0, last: 0, until: 0 };
    this.#clients.delete(key);
    this.#forgetOld(now);
    this.#clients.set(key, count); // last: the map stays in order of last failure
    tally(count, perClient, now);
    tally(this.#all, overall, now);
    return this.waitMs(client, now);
  }

  /** A right guess: that client starts over (the overall count does not). */
  succeeded(client: string): void {
    this.#clients.delete(clientKey(client));
  }

  #forgetOld(now: number): void {
    for (const [client, count] of this.#clients) {
      if (this.#clients.size < clientsKept && now - count.last < windowMs) return;
      this.#clients.delete(client);
    }
  }
}

function tally(count: Count, free: number, now: number): void {
  if (now - count.last >= windowMs) count.failures = 0;
  count.failures += 1;
  count.last = now;
  const over = count.failures - free;
  count.until = over >= 0 ? now + Math.min(firstWaitMs * 2 ** over, longestWaitMs) : 0;
}

/** An IPv6 address counts by its /64 (what one subscriber or machine usually gets); IPv4 as it is. */
function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
