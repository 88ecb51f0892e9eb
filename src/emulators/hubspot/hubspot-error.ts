import { randomUUID } from 'node:crypto';

/** Error categories HubSpot puts in its error bodies. */
export type ErrorCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_AUTHENTICATION'
  | 'RATE_LIMITS'
  | 'MISSING_SCOPES'
  | 'INTERNAL_ERROR';

/** A request the emulator refuses, carried to the router as HubSpot's status and error body. */
export class HubSpotError extends Error {
  constructor(
    readonly status: number,
    readonly category: ErrorCategory,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HubSpotError';
  }

  toBody(): Record<string, unknown> {
    return errorBody(this.category, this.message, this.extra);
  }
}

export function correlationId(): string {
  return randomUUID();
}

/** HubSpot's standard error body: `{status:"error", message, correlationId, category, …}`. */
export function errorBody(
  category: ErrorCategory,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return { status: 'error', message, correlationId: correlationId(), category, ...extra };
}

export function validationError(message: string, extra?: Readonly<Record<string, unknown>>): HubSpotError {
  return new HubSpotError(400, 'VALIDATION_ERROR', message, extra);
}

export function notFoundError(): HubSpotError {
  return new HubSpotError(404, 'OBJECT_NOT_FOUND', 'resource not found');
}
