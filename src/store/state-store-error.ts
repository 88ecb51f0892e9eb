/** Why the state store refused a request; each code maps to one HTTP status at the edge. */
export const STATE_STORE_ERROR_CODES = [
  /** No event, review item or dead letter with that id. */
  'not_found',
  /** The event already reached its terminal state; it gets exactly one. */
  'already_terminal',
  /** The review item was resolved before; a resolution is recorded once. */
  'already_resolved',
  /** The event is not in the status the request needs (e.g. requeue of an event that is not dead-lettered). */
  'wrong_status',
  /** A dead-lettered event goes back to work only after an operator's replay request was recorded. */
  'replay_not_recorded',
] as const;
export type StateStoreErrorCode = (typeof STATE_STORE_ERROR_CODES)[number];

export class StateStoreError extends Error {
  constructor(
    message: string,
    readonly code: StateStoreErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}
