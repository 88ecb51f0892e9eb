import {
  checkIdProperty,
  conflictError,
  type HandlerContext,
  type HandlerResult,
} from './handler-context.js';
import { notFoundError, validationError } from './hubspot-error.js';
import { OBJECT_TYPE_INFO } from './object-types.js';
import { requestedProperties, viewRecord } from './record-view.js';
import { createBody, mergeBody, parseBody, updateBody } from './request-schemas.js';

/** `POST /crm/v3/objects/{object}` → 201; a taken unique value → 409 CONFLICT. */
export function createRecord(ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const properties = store.clean(parseBody(createBody, ctx.body).properties);
  const conflict = store.conflictFor(properties);
  if (conflict !== undefined) throw conflictError(store, conflict);
  const record = store.create(properties);
  return { status: 201, body: viewRecord(store.type, record, Object.keys(properties)) };
}

/** `GET /crm/v3/objects/{object}/{id}[?idProperty=…&properties=…&archived=…]`. */
export function readRecord(ctx: HandlerContext, id: string): HandlerResult {
  const { store, query } = ctx;
  const idProperty = query.get('idProperty') ?? 'hs_object_id';
  checkIdProperty(store, idProperty);
  const record =
    query.get('archived') === 'true'
      ? store.get(id, true)
      : (store.find(idProperty, id) ??
        (idProperty === 'hs_object_id' && ctx.options.mergedReads === 'survivor'
          ? store.survivorOf(id)
          : undefined));
  if (record === undefined) throw notFoundError();
  const properties = requestedProperties(query) ?? OBJECT_TYPE_INFO[store.type].defaultProperties;
  return { status: 200, body: viewRecord(store.type, record, properties) };
}

/** `PATCH /crm/v3/objects/{object}/{id}[?idProperty=…]`. */
export function updateRecord(ctx: HandlerContext, id: string): HandlerResult {
  const { store, query } = ctx;
  const idProperty = query.get('idProperty') ?? 'hs_object_id';
  checkIdProperty(store, idProperty);
  const record = store.find(idProperty, id);
  if (record === undefined) throw notFoundError();
  const properties = store.clean(parseBody(updateBody, ctx.body).properties);
  const conflict = store.conflictFor(properties, record.id);
  if (conflict !== undefined) throw conflictError(store, conflict);
  store.update(record, properties);
  return { status: 200, body: viewRecord(store.type, record, Object.keys(properties)) };
}

/** `DELETE /crm/v3/objects/{object}/{id}` → 204, also for unknown ids. */
export function archiveRecord(ctx: HandlerContext, id: string): HandlerResult {
  ctx.store.archive(id);
  return { status: 204 };
}

/**
 * `POST /crm/v3/objects/{object}/merge {primaryObjectId, objectIdToMerge}` → 200 with the surviving record;
 * the merged-away record is archived and listed in the survivor's `hs_merged_object_ids`.
 */
export function mergeRecords(ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const body = parseBody(mergeBody, ctx.body);
  const primary = store.find('hs_object_id', body.primaryObjectId);
  const loser = store.find('hs_object_id', body.objectIdToMerge);
  if (primary === undefined || loser === undefined) throw notFoundError();
  if (primary === loser) throw validationError('A record cannot be merged into itself.');
  const survivor = store.merge(primary.id, loser.id);
  if (survivor === undefined) throw notFoundError();
  return { status: 200, body: viewRecord(store.type, survivor, Object.keys(survivor.properties)) };
}

/** `GET /crm/v3/objects/{object}?limit=≤100&after=…`: pages in id order; `after` is the next id. */
export function listRecords(ctx: HandlerContext): HandlerResult {
  const { store, query, options } = ctx;
  const limit = Number(query.get('limit') ?? '10');
  if (!Number.isInteger(limit) || limit < 1 || limit > options.listLimit) {
    throw validationError(`limit must be between 1 and ${options.listLimit}`);
  }
  const after = query.get('after');
  if (after !== null && !/^\d+$/.test(after)) throw validationError(`after must be a record id: ${after}`);
  const records = store.list(query.get('archived') === 'true');
  const start = after === null ? 0 : records.findIndex((r) => Number(r.id) >= Number(after));
  const page = start < 0 ? [] : records.slice(start, start + limit);
  const properties = requestedProperties(query) ?? OBJECT_TYPE_INFO[store.type].defaultProperties;
  const next = start < 0 ? undefined : records[start + limit];
  return {
    status: 200,
    body: {
      results: page.map((r) => viewRecord(store.type, r, properties)),
      ...(next === undefined
        ? {}
        : { paging: { next: { after: next.id, link: `/crm/v3/objects/${store.type}?after=${next.id}` } } }),
    },
  };
}
