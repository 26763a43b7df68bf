import { placeOf, type Place } from './repository-branch.ts';
import { searchFacts, type SearchFacts } from './search-facts.ts';

type Json = Record<string, unknown>;

/**
 * All that genvoy itself reads of a payload; the rest it only keeps and hands on. Read once,
 * where the payload is parsed (for a large one, off the thread that answers HTTP).
 */
export interface PayloadFacts extends Place, SearchFacts {
  action?: string;
  /** The repository whose order its hooks keep (per hook, docs/operations/reliability.md): its full name ("owner/name"), or "" for none. */
  lane: string;
  /** A push that deletes its branch or tag: nothing left to build or deploy. */
  deletesRef: boolean;
}

export function payloadFacts(event: string, payload: Json): PayloadFacts {
  const { repository, branch } = placeOf(event, payload);
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  const fullName = (payload.repository as Json | undefined)?.full_name;
  const lane = typeof fullName === 'string' ? fullName : (repository ?? '');
  const { sender, title } = searchFacts(payload);
  return { repository, branch, action, lane, deletesRef: event === 'push' && payload.deleted === true, sender, title };
}
