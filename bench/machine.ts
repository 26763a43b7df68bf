import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** SHA extensions make HMAC-SHA256, the yardstick's main cost, several times cheaper. */
  shaNi: boolean | undefined;
  /** 1-minute load average when the bench started: a shared machine's other tenants show here. */
  loadAtStart: number;
}

export async function describeMachine(): Promise<Machine> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  const flags = field('flags');
  return {
    cpu: field('model name') ?? cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    shaNi: flags === undefined ? undefined : flags.split(' ').includes('sha_ni'),
    loadAtStart: loadavg()[0]!,
  };
}
