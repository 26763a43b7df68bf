import { expect, it } from 'vitest';
import { backupName } from '../../src/pipeline/answer/backup.ts';

it('names two deliveries of the same second apart, by their delivery ids, in UTC', () => {
  const at = new Date('2026-11-29T07:08:09.500Z');
  expect(backupName({ event: 'push', id: 'aaaa-1' }, at)).toBe('20261129-070809-push-aaaa-1.json');
  expect(backupName({ event: 'push', id: 'bbbb-2' }, at)).toBe('20261129-070809-push-bbbb-2.json');
});
