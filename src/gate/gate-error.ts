/** What an operator action or the gate's configuration got wrong. */
export const GATE_ERROR_CODES = ['invalid_config', 'invalid_request', 'not_found', 'conflict'] as const;
export type GateErrorCode = (typeof GATE_ERROR_CODES)[number];

/**
 * A refused operator action (review resolution, dead-letter replay) or an invalid gate configuration.
 * HTTP: invalid_request → 400, not_found → 404, conflict → 409; invalid_config is a startup failure.
 */
export class GateError extends Error {
  override readonly name = 'GateError';

  constructor(
    readonly code: GateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
