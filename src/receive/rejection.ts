/** A delivery turned away: the status GitHub sees, and a reason for the answer and the log. */
export class Rejection extends Error {
  override name = 'Rejection';

  constructor(
    readonly status: 400 | 403 | 413 | 415 | 503,
    message: string,
  ) {
    super(message);
  }
}
