import { ConnectorError } from '../target-connector.js';
import { RequestTimeoutError } from './request-runner.js';
import { parseRetryAfter, type Failure } from './retry-policy.js';

/** What the SDK throws for an HTTP answer it does not treat as success (`ApiException`). */
export interface HubSpotApiException {
  readonly code: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** An error entry of a 207 batch response. */
export interface HubSpotBatchError {
  readonly category: string;
  readonly message: string;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

export function isApiException(error: unknown): error is HubSpotApiException {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number' &&
    'body' in error &&
    'headers' in error
  );
}

function isNetworkError(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === 'FetchError' || (typeof code === 'string' && NETWORK_CODES.has(code));
}

/**
 * Retry 429, 5xx, timeouts and network failures. A 429 from the exhausted daily limit is not retried: it
 * resets at midnight, not in seconds.
 */
export function classifyHubSpotFailure(error: unknown, now: number = Date.now()): Failure {
  if (isApiException(error)) {
    const { code, headers } = error;
    if (code === 429 && headers['x-hubspot-ratelimit-daily-remaining'] === '0') return { retryable: false };
    if (code !== 429 && code < 500) return { retryable: false };
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
    return retryAfterMs === undefined ? { retryable: true } : { retryable: true, retryAfterMs };
  }
  return { retryable: isNetworkError(error) };
}

/** Maps whatever a HubSpot call threw to the port's error, keeping HubSpot's reason but no personal data. */
export function toConnectorError(error: unknown, operation: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (isApiException(error)) {
    const { message, category } = errorDetails(error.body);
    const text = `HubSpot ${operation} failed: HTTP ${error.code}${category === '' ? '' : ` ${category}`}: ${message}`;
    if (error.code === 409) return new ConnectorError(text, 'conflict', 409, existingIdIn(message));
    if (error.code === 404) return new ConnectorError(text, 'not_found', 404);
    if (error.code === 429 || error.code >= 500) {
      return new ConnectorError(
        text,
        classifyHubSpotFailure(error).retryable ? 'retryable' : 'rejected',
        error.code,
      );
    }
    return new ConnectorError(text, 'rejected', error.code);
  }
  const reason = error instanceof Error ? error.message : String(error);
  const kind = isNetworkError(error) ? 'retryable' : 'rejected';
  return new ConnectorError(`HubSpot ${operation} failed: ${redact(reason)}`, kind);
}

/** An input that failed inside an otherwise answered batch (HTTP 207). */
export function fromBatchError(error: HubSpotBatchError, operation: string): ConnectorError {
  const text = `HubSpot ${operation} failed: ${error.category}: ${redact(error.message)}`;
  if (error.category === 'CONFLICT') {
    return new ConnectorError(text, 'conflict', 409, existingIdIn(error.message));
  }
  if (error.category === 'OBJECT_NOT_FOUND') return new ConnectorError(text, 'not_found', 404);
  return new ConnectorError(text, 'rejected');
}

/** HubSpot names the record holding a unique value only in the message: "… Existing ID: 101". */
export function existingIdIn(message: string): string | undefined {
  return /Existing ID:\s*(\d+)/.exec(message)?.[1];
}

function errorDetails(body: unknown): { message: string; category: string } {
  if (typeof body === 'string') return { message: redact(body.slice(0, 200)), category: '' };
  if (typeof body !== 'object' || body === null) return { message: 'no details', category: '' };
  const { message, category } = body as { message?: unknown; category?: unknown };
  return {
    message: typeof message === 'string' ? redact(message) : 'no details',
    category: typeof category === 'string' ? category : '',
  };
}

/** Validation messages can echo the values sent; error messages end up in logs, so emails are masked. */
function redact(text: string): string {
  return text.replace(/[^\s@"'<>,;:()[\]]+@[^\s@"'<>,;:()[\]]+/g, '<email>');
}
