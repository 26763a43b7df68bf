import { join } from 'node:path';
import { writeAtomically } from '../../base/write-atomically.ts';
import type { Delivery } from '../parse/delivery.ts';

/** `YYYYMMDD-HHMMSS-<event>-<delivery id>.json`, in UTC: the delivery id keeps two files of one second apart. */
export function backupName(delivery: Pick<Delivery, 'event' | 'id'>, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${delivery.event}-${delivery.id}.json`;
}

/** Writes the payload as received (its bytes, so the signature can be checked again later). */
export async function writeBackup(folder: string, delivery: Delivery, at = new Date()): Promise<string> {
  const file = join(folder, backupName(delivery, at));
  await writeAtomically(file, delivery.json);
  return file;
}
