import type { ResolvedEmulatorOptions } from './emulator-options.js';
import { HubSpotError } from './hubspot-error.js';
import { OBJECT_TYPE_INFO } from './object-types.js';
import type { ObjectStore, UniqueConflict } from './record-store.js';

/** What an endpoint handler gets: the object's store and the parsed request. */
export interface HandlerContext {
  readonly store: ObjectStore;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly now: number;
  readonly options: ResolvedEmulatorOptions;
}

export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * HubSpot names the holder of a taken contact email only inside the message text ("Existing ID: 101");
 * integrations parse it from there. The wording for other unique properties is the emulator's own.
 */
export function conflictMessage(store: ObjectStore, conflict: UniqueConflict): string {
  if (conflict.existingId === undefined) {
    return `Duplicate value for unique property ${conflict.property} in batch input.`;
  }
  if (store.type === 'contacts' && conflict.property === 'email') {
    return `Contact already exists. Existing ID: ${conflict.existingId}`;
  }
  const label = OBJECT_TYPE_INFO[store.type].label.toLowerCase();
  return `A ${label} with this ${conflict.property} already exists. Existing ID: ${conflict.existingId}`;
}

export function conflictError(store: ObjectStore, conflict: UniqueConflict): HubSpotError {
  return new HubSpotError(409, 'CONFLICT', conflictMessage(store, conflict));
}

/** `idProperty` must name a unique-value property (or be the record id). */
export function checkIdProperty(store: ObjectStore, idProperty: string): void {
  if (idProperty !== 'hs_object_id' && !store.isUnique(idProperty)) {
    throw new HubSpotError(
      400,
      'VALIDATION_ERROR',
      `Property ${idProperty} is not a unique-value property of ${store.type} and cannot be used as idProperty.`,
    );
  }
}
