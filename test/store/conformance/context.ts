import { expect } from 'vitest';
import type { StateStoreConfig } from '../../../src/store/open-state-store.js';
import { StateStoreError, type StateStoreErrorCode } from '../../../src/store/state-store-error.js';
import type { EventOutcome, IncomingEvent, StateStore } from '../../../src/store/state-store.js';

/** What a backend promises beyond the port's common ground; every `false` is explained where it is set. */
export interface BackendCapabilities {
  /** `withLocks` excludes across store instances on the same data (separate gateway processes). */
  readonly locksAcrossStores: boolean;
}

export interface ConformanceContext {
  readonly capabilities: BackendCapabilities;
  /** A new, empty, migrated store; closed after the test. */
  fresh(): Promise<StateStore>;
  /** A second store on the same data, as another gateway process would open it; closed after the test. */
  sibling(store: StateStore): Promise<StateStore>;
  /** Closes the store and opens its data again, as after a restart. */
  reopen(store: StateStore): Promise<StateStore>;
  configOf(store: StateStore): StateStoreConfig;
}

export const LANE = 'forms→contacts';
export const SCOPE = 'hubspot:contacts';

export function incoming(
  eventKey: string,
  payload: Record<string, unknown> = { email: 'ann@acme.com' },
): IncomingEvent {
  return { lane: LANE, eventKey, principal: 'forms-bot', payload };
}

export function outcome(status: EventOutcome['status'], overrides: Partial<EventOutcome> = {}): EventOutcome {
  return {
    status,
    decision: status === 'review' ? 'review' : 'new',
    explanation: { rule: 'email-exact', fields: ['email'] },
    operation: status === 'written' ? 'create' : 'none',
    ...(status === 'written' ? { targetId: 'hs-101' } : {}),
    ...(status === 'dead_letter' ? { error: 'HTTP 400: property "email" is invalid' } : {}),
    keys: ['email:ann@acme.com'],
    apiCalls: 2,
    gateMs: 3,
    targetMs: 40,
    ...overrides,
  };
}

/** Accepts one event and returns its id. */
export async function acceptOne(
  store: StateStore,
  eventKey: string,
  payload?: Record<string, unknown>,
): Promise<string> {
  const [result] = await store.accept([incoming(eventKey, payload)]);
  if (result === undefined) throw new Error('accept returned no result');
  return result.id;
}

export async function expectStoreError(promise: Promise<unknown>, code: StateStoreErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a StateStoreError '${code}'`).toBeInstanceOf(StateStoreError);
  expect((error as StateStoreError).code).toBe(code);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fails with `what` when `promise` has not settled within `ms` (a deadlock shows as this, not a hang). */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
