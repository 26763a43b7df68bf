import type { Delivery } from '../../src/pipeline/parse/delivery.ts';

/**
 * A delivery as parse makes one, for tests that journal or dispatch it: an opened issue of
 * `website` unless `fields` say otherwise; its bytes are its payload's JSON unless given.
 */
export function testDelivery(id: string, fields: Partial<Delivery> = {}): Delivery {
  const payload = fields.payload ?? { action: 'opened' };
  return {
    id,
    event: 'issues',
    action: 'opened',
    repository: 'website',
    lane: 'website',
    deletesRef: false,
    ...fields,
    payload,
    json: fields.json ?? Buffer.from(JSON.stringify(payload)),
  };
}
