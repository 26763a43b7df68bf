import assert from 'node:assert';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed scrape: every sample, each metric's HELP and TYPE. */
export interface Scrape {
  samples: Sample[];
  help: Map<string, string>;
  types: Map<string, string>;
  /** The sum of the samples named `name` whose labels include `labels`; 0 when there is none. */
  value(name: string, labels?: Record<string, string>): number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The Prometheus text format (0.0.4), as much of it as genvoy and prom-client write. */
export function parsePrometheus(text: string): Scrape {
  const samples: Sample[] = [];
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'HELP' ? help : types).set(comment[2]!, comment[3]!);
      continue;
    }
    const match = sampleLine.exec(line);
    assert(match, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of match[2]?.matchAll(labelPair) ?? []) labels[key!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: number(match[3]!) });
  }
  return {
    samples,
    help,
    types,
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
        .reduce((sum, s) => sum + s.value, 0),
  };
}

function number(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = Number(text);
  assert(!Number.isNaN(n) || text.toLowerCase() === 'nan', `not a sample value: ${text}`); // prom-client writes "Nan"
  return n;
}

/** GET /metrics (with the bearer token, if given), parsed; fails unless it answers 200 in Prometheus's text format. */
export async function scrape(url: string, token?: string): Promise<Scrape> {
  const res = await fetch(new URL('/metrics', url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheus(text);
}
