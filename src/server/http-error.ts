import { GateError } from '../gate/gate-error.js';
import { SubmissionError } from '../gate/gate-port.js';
import { StateStoreError } from '../store/state-store-error.js';

/** Every error code the API answers with, and its HTTP status. */
export const HTTP_ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  invalid_encoding: 400,
  invalid_body: 400,
  invalid_event: 400,
  invalid_query: 400,
  invalid_path: 400,
  too_deep: 400,
  empty_body: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_lane: 404,
  method_not_allowed: 405,
  conflict: 409,
  body_too_large: 413,
  too_many_events: 413,
  unsupported_media_type: 415,
  invalid_field: 422,
  missing_field: 422,
  unstorable_text: 422,
  header_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;
export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly code: HttpErrorCode;
  readonly message: string;
  /** Where: `[2].payload.email` in the body, `query.timeout_ms`, `path.lane`, `header.authorization`; `''` for the whole request. */
  readonly path: string;
  /** 1-based line (and column) in the body, for malformed JSON and NDJSON. */
  readonly line?: number;
  readonly column?: number;
}

/** An answer the API gives on purpose: status from the code, message and path safe to show the client. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;

  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly path = '',
    readonly extra: { line?: number; column?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = HTTP_ERROR_STATUS[code];
  }

  body(): ErrorBody {
    const { line, column } = this.extra;
    return {
      code: this.code,
      message: this.message,
      path: this.path,
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
    };
  }
}

/**
 * The one place where errors from the gate and the store become HTTP answers. Anything unexpected is a 500
 * whose body says nothing of the internals.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof SubmissionError) {
    switch (err.code) {
      case 'invalid_field':
      case 'missing_field':
      case 'unstorable_text':
        return new HttpError(err.code, err.message, err.path);
      case 'unknown_lane':
        return new HttpError('unknown_lane', err.message, err.path);
      case 'forbidden':
        return new HttpError('forbidden', err.message, err.path);
      case 'invalid_body':
        return new HttpError('invalid_body', err.message, err.path);
    }
  }
  if (err instanceof GateError) {
    switch (err.code) {
      case 'invalid_request':
        return new HttpError('invalid_body', err.message);
      case 'not_found':
        return new HttpError('not_found', err.message);
      case 'conflict':
        return new HttpError('conflict', err.message);
      case 'invalid_config':
        break;
    }
  }
  if (err instanceof StateStoreError) {
    if (err.code === 'not_found') return new HttpError('not_found', err.message);
    return new HttpError('conflict', err.message);
  }
  return new HttpError('internal', 'internal error; the request was not completed (see the server log)');
}
