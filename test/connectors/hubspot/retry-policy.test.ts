import { describe, expect, it } from 'vitest';
import {
  classifyHubSpotFailure,
  existingIdIn,
  fromBatchError,
  toConnectorError,
} from '../../../src/connectors/hubspot/hubspot-errors.js';
import { planKeyLookups } from '../../../src/connectors/hubspot/key-lookup-plan.js';
import { RequestTimeoutError } from '../../../src/connectors/hubspot/request-runner.js';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
} from '../../../src/connectors/hubspot/retry-policy.js';
import { TokenBucket } from '../../../src/connectors/hubspot/token-bucket.js';

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const apiException = (code: number, body: unknown, headers: Record<string, string> = {}) => ({
  code,
  body,
  headers,
  message: 'HTTP-Code',
});

describe('backoff', () => {
  it('draws uniformly below an exponentially growing, capped ceiling', () => {
    const nearlyOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, { retryable: true }, policy, nearlyOne))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelayMs(3, { retryable: true }, policy, () => 0)).toBe(0);
  });

  it('waits what Retry-After asks, up to the cap', () => {
    expect(backoffDelayMs(1, { retryable: true, retryAfterMs: 2_000 }, policy, () => 0)).toBe(2_000);
    expect(backoffDelayMs(1, { retryable: true, retryAfterMs: 60_000 }, policy, () => 0)).toBe(5_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then spaces callers by the refill rate in call order', () => {
    const bucket = new TokenBucket(2, 4, 0);
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([
      0, 0, 250, 500,
    ]);
    expect(bucket.reserve(2_000)).toBe(0);
  });
});

describe('HubSpot failure classification', () => {
  it('retries 429, 5xx, timeouts and network errors; not 4xx or an exhausted daily limit', () => {
    expect(classifyHubSpotFailure(apiException(429, {}))).toEqual({ retryable: true });
    expect(classifyHubSpotFailure(apiException(429, {}, { 'retry-after': '2' }))).toEqual({
      retryable: true,
      retryAfterMs: 2_000,
    });
    expect(
      classifyHubSpotFailure(apiException(429, {}, { 'x-hubspot-ratelimit-daily-remaining': '0' })).retryable,
    ).toBe(false);
    expect(classifyHubSpotFailure(apiException(502, 'Bad gateway')).retryable).toBe(true);
    expect(classifyHubSpotFailure(apiException(400, {})).retryable).toBe(false);
    expect(classifyHubSpotFailure(new RequestTimeoutError(100)).retryable).toBe(true);
    const fetchError = Object.assign(new Error('socket hang up'), { name: 'FetchError' });
    expect(classifyHubSpotFailure(fetchError).retryable).toBe(true);
    expect(classifyHubSpotFailure(new TypeError('bug')).retryable).toBe(false);
  });

  it('maps HTTP answers to ConnectorError kinds, reading the existing id of a conflict', () => {
    const conflict = toConnectorError(
      apiException(409, { message: 'Contact already exists. Existing ID: 4711', category: 'CONFLICT' }),
      'create',
    );
    expect(conflict).toMatchObject({ kind: 'conflict', status: 409, existingId: '4711' });
    expect(toConnectorError(apiException(404, {}), 'read').kind).toBe('not_found');
    expect(toConnectorError(apiException(503, {}), 'read').kind).toBe('retryable');
    expect(toConnectorError(apiException(400, { message: 'bad' }), 'read').kind).toBe('rejected');
    expect(toConnectorError(new RequestTimeoutError(5), 'read').kind).toBe('retryable');
    expect(fromBatchError({ category: 'CONFLICT', message: 'Existing ID: 9' }, 'upsert')).toMatchObject({
      kind: 'conflict',
      existingId: '9',
    });
  });

  it('keeps email addresses out of error messages', () => {
    const error = toConnectorError(
      apiException(400, { message: 'Email address ann@acme.com is invalid', category: 'VALIDATION_ERROR' }),
      'create',
    );
    expect(error.message).not.toContain('ann@acme.com');
    expect(error.message).toContain('<email>');
  });

  it('parses the existing id only where HubSpot puts it', () => {
    expect(existingIdIn('Contact already exists. Existing ID: 101')).toBe('101');
    expect(existingIdIn('Contact already exists.')).toBeUndefined();
  });
});

describe('planKeyLookups', () => {
  const limits = { batchSize: 2, maxGroups: 2, maxFilters: 18, maxValuesPerFilter: 2 };

  it('reads unique-value properties directly and searches the rest, chunked and deduplicated', () => {
    const plan = planKeyLookups(
      [
        { property: 'email', value: 'A@x.com' },
        { property: 'email', value: 'a@x.com' },
        { property: 'email', value: 'b@x.com' },
        { property: 'email', value: 'c@x.com' },
        { property: 'phone', value: '1' },
        { property: 'phone', value: '2' },
        { property: 'phone', value: '3' },
        { property: 'domain', value: 'x.com' },
        { property: 'domain', value: '' },
      ],
      new Set(['email', 'lanekeeper_id']),
      limits,
    );
    expect(plan.reads).toEqual([
      { property: 'email', values: ['a@x.com', 'b@x.com'] },
      { property: 'email', values: ['c@x.com'] },
    ]);
    expect(plan.searches).toEqual([
      [
        { propertyName: 'phone', operator: 'IN', values: ['1', '2'] },
        { propertyName: 'phone', operator: 'EQ', value: '3' },
      ],
      [{ propertyName: 'domain', operator: 'EQ', value: 'x.com' }],
    ]);
  });
});
