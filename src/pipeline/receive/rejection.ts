/**
 * Why a request was turned away, as a short code for metrics (`genvoy_rejections_total`):
 * a fixed list, so that a sender cannot invent new series.
 */
export const rejectionReasons = [
  'source', // the sender's address is neither GitHub's nor allowed
  'signature', // signature missing, malformed or wrong
  'bad_headers', // X-GitHub-Event or X-GitHub-Delivery missing or malformed
  'bad_payload', // body not UTF-8, not JSON, not an object, or a form without its payload
  'unsupported_media', // a content type other than JSON or form
  'body_too_large', // over GitHub's 25 MB
  'busy', // over the budget of body bytes in flight, all clients' or this client's share
  'incomplete', // the client closed the connection before the request was complete
  'journal_unavailable', // the journal cannot be written
  'queue_unavailable', // the Redis queue did not take the delivery in time
  'malformed_http', // HTTP that node:http cannot parse
  'header_too_large', // headers over node's limit
  'timeout', // headers or body not complete in time
  'internal', // genvoy failed on it itself (500)
] as const;

export type RejectionReason = (typeof rejectionReasons)[number];

/**
 * A delivery turned away: the status GitHub sees, a code for metrics, a reason for the answer
 * and the log, and when worth trying again (Retry-After), if it is.
 */
export class Rejection extends Error {
  override name = 'Rejection';

  constructor(
    readonly status: 400 | 403 | 408 | 413 | 415 | 503,
    readonly reason: RejectionReason,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}
