import {
  checkIdProperty,
  conflictError,
  conflictMessage,
  type HandlerContext,
  type HandlerResult,
} from './handler-context.js';
import { HubSpotError, validationError } from './hubspot-error.js';
import { OBJECT_TYPE_INFO } from './object-types.js';
import type { ObjectStore, PropertyMap, StoredRecord, UniqueConflict } from './record-store.js';
import { selectedOrDefault, viewRecord } from './record-view.js';
import {
  batchArchiveBody,
  batchCreateBody,
  batchReadBody,
  batchUpdateBody,
  batchUpsertBody,
  parseBody,
} from './request-schemas.js';

type BatchError = Record<string, unknown>;

/** `POST …/batch/read`: unknown ids are reported in a 207, not fatal. */
export function batchRead(ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const body = parseBody(batchReadBody, ctx.body);
  checkSize(ctx, body.inputs.length);
  const idProperty = body.idProperty ?? 'hs_object_id';
  checkIdProperty(store, idProperty);
  checkDuplicates(body.inputs.map((i) => store.uniqueKey(idProperty, i.id)));
  const properties = selectedOrDefault(store, body.properties);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of body.inputs) {
    const record = store.find(idProperty, input.id);
    if (record === undefined) missing.push(input.id);
    else results.push(viewRecord(store.type, record, properties));
  }
  const label = OBJECT_TYPE_INFO[store.type].label;
  const errors =
    missing.length === 0
      ? []
      : [
          batchError(
            'OBJECT_NOT_FOUND',
            `Could not get some ${label} objects, they may be deleted or not exist. Check that ids are valid.`,
            { ids: missing },
          ),
        ];
  return batchResponse(ctx, 200, results, errors);
}

/**
 * `POST …/batch/create`. A unique value taken by an existing record fails the whole call (409) unless every
 * input carries its own `objectWriteTraceId`; then the others are created and the call answers 207.
 */
export function batchCreate(ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const body = parseBody(batchCreateBody, ctx.body);
  checkSize(ctx, body.inputs.length);
  const cleaned = body.inputs.map((input) => store.clean(input.properties));
  const inBatch = conflictWithinBatch(store, cleaned);
  if (inBatch !== undefined) throw conflictError(store, inBatch);
  const traced = new Set(body.inputs.map((i) => i.objectWriteTraceId)).size === body.inputs.length;
  const perInput = traced && body.inputs.every((i) => i.objectWriteTraceId !== undefined);
  const conflicts = cleaned.map((properties) => store.conflictFor(properties));
  const first = conflicts.find((c) => c !== undefined);
  if (first !== undefined && !perInput) throw conflictError(store, first);
  const results: unknown[] = [];
  const errors: BatchError[] = [];
  cleaned.forEach((properties, i) => {
    const conflict = conflicts[i];
    const trace = body.inputs[i]?.objectWriteTraceId;
    if (conflict !== undefined) {
      errors.push({
        ...batchError('CONFLICT', conflictMessage(store, conflict), { objectWriteTraceId: [trace] }),
        objectWriteTraceId: trace,
      });
      return;
    }
    const view = viewRecord(store.type, store.create(properties), Object.keys(properties));
    results.push(trace === undefined ? view : { ...view, objectWriteTraceId: trace });
  });
  return batchResponse(ctx, 201, results, errors);
}

/** `POST …/batch/update`: unknown ids → 207; a taken unique value fails the whole call (409). */
export function batchUpdate(ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const body = parseBody(batchUpdateBody, ctx.body);
  checkSize(ctx, body.inputs.length);
  const targets = body.inputs.map((input) => {
    const idProperty = input.idProperty ?? 'hs_object_id';
    checkIdProperty(store, idProperty);
    return store.find(idProperty, input.id);
  });
  checkDuplicates(
    body.inputs.map((input, i) => targets[i]?.id ?? `${input.idProperty ?? ''}:${input.id}`),
    body.inputs.map((input) => input.id),
  );
  const cleaned = body.inputs.map((input) => store.clean(input.properties));
  const conflict = conflictWithinBatch(store, cleaned) ?? firstConflict(store, cleaned, targets);
  if (conflict !== undefined) throw conflictError(store, conflict);
  const results: unknown[] = [];
  const missing: string[] = [];
  body.inputs.forEach((input, i) => {
    const record = targets[i];
    if (record === undefined) missing.push(input.id);
    else results.push(viewRecord(store.type, store.update(record, cleaned[i]!), Object.keys(cleaned[i]!)));
  });
  const errors =
    missing.length === 0 ? [] : [batchError('OBJECT_NOT_FOUND', 'Object not found', { ids: missing })];
  return batchResponse(ctx, 200, results, errors);
}

/**
 * `POST …/batch/upsert`: each input is matched on its `idProperty` (a unique-value property) and updated,
 * or created with that value set. Results carry `new`. A unique value held by another record is an error
 * for that input only (207).
 */
export function batchUpsert(ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const body = parseBody(batchUpsertBody, ctx.body);
  checkSize(ctx, body.inputs.length);
  for (const input of body.inputs) {
    if (!store.isUnique(input.idProperty)) {
      throw validationError(
        `Property ${input.idProperty} is not a unique-value property of ${store.type}; upsert needs one as idProperty.`,
      );
    }
  }
  const targets = body.inputs.map((input) => store.find(input.idProperty, input.id));
  checkDuplicates(
    body.inputs.map(
      (input, i) => targets[i]?.id ?? `${input.idProperty}:${store.uniqueKey(input.idProperty, input.id)}`,
    ),
    body.inputs.map((input) => input.id),
  );
  const cleaned = body.inputs.map((input) =>
    store.clean({ ...input.properties, [input.idProperty]: input.id }),
  );
  const inBatch = conflictWithinBatch(store, cleaned);
  if (inBatch !== undefined) throw validationError(conflictMessage(store, inBatch));
  const results: unknown[] = [];
  const errors: BatchError[] = [];
  body.inputs.forEach((input, i) => {
    const properties = cleaned[i]!;
    const target = targets[i];
    const conflict = store.conflictFor(properties, target?.id);
    if (conflict !== undefined) {
      errors.push(batchError('CONFLICT', conflictMessage(store, conflict), { ids: [input.id] }));
      return;
    }
    const record = target === undefined ? store.create(properties) : store.update(target, properties);
    results.push({ ...viewRecord(store.type, record, Object.keys(properties)), new: target === undefined });
  });
  return batchResponse(ctx, 200, results, errors);
}

/** `POST …/batch/archive` → 204, unknown ids included. */
export function batchArchive(ctx: HandlerContext): HandlerResult {
  const body = parseBody(batchArchiveBody, ctx.body);
  checkSize(ctx, body.inputs.length);
  checkDuplicates(body.inputs.map((i) => i.id));
  for (const input of body.inputs) ctx.store.archive(input.id);
  return { status: 204 };
}

function checkSize(ctx: HandlerContext, count: number): void {
  if (count > ctx.options.batchLimit) {
    throw validationError(
      `Too many inputs: ${count} were provided, but a batch can hold at most ${ctx.options.batchLimit}.`,
    );
  }
}

/** Two inputs for one record make HubSpot refuse the whole batch. */
function checkDuplicates(keys: readonly string[], shown: readonly string[] = keys): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key)) duplicates.add(shown[i] ?? key);
    seen.add(key);
  });
  if (duplicates.size > 0) {
    throw new HubSpotError(
      400,
      'VALIDATION_ERROR',
      `Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`,
    );
  }
}

/** Two inputs that would give one unique value to two records. */
function conflictWithinBatch(store: ObjectStore, inputs: readonly PropertyMap[]): UniqueConflict | undefined {
  const seen = new Set<string>();
  for (const properties of inputs) {
    for (const property of store.uniqueProperties) {
      const value = properties[property];
      if (value === undefined || value === null) continue;
      const key = `${property}\u0000${store.uniqueKey(property, value)}`;
      if (seen.has(key)) return { property, value, existingId: undefined };
      seen.add(key);
    }
  }
  return undefined;
}

function firstConflict(
  store: ObjectStore,
  inputs: readonly PropertyMap[],
  targets: readonly (StoredRecord | undefined)[],
): UniqueConflict | undefined {
  for (const [i, properties] of inputs.entries()) {
    const target = targets[i];
    if (target === undefined) continue;
    const conflict = store.conflictFor(properties, target.id);
    if (conflict !== undefined) return conflict;
  }
  return undefined;
}

function batchError(category: string, message: string, context: Record<string, unknown>): BatchError {
  return { status: 'error', category, message, context, errors: [], links: {} };
}

function batchResponse(
  ctx: HandlerContext,
  okStatus: number,
  results: readonly unknown[],
  errors: readonly BatchError[],
): HandlerResult {
  const at = new Date(ctx.now).toISOString();
  const base = { status: 'COMPLETE', results, startedAt: at, completedAt: at };
  if (errors.length === 0) return { status: okStatus, body: base };
  return { status: 207, body: { ...base, numErrors: errors.length, errors } };
}
