import type { HandlerContext, HandlerResult } from './handler-context.js';
import { validationError } from './hubspot-error.js';
import { OBJECT_TYPE_INFO } from './object-types.js';
import { selectedOrDefault, viewRecord } from './record-view.js';
import { parseBody, searchBody } from './request-schemas.js';
import { compareForSort, filterProblem, matchesFilterGroups, matchesQuery } from './search-filters.js';

const DEFAULT_LIMIT = 10;

/**
 * `POST /crm/v3/objects/{object}/search`. Answers from the search index as it stands at `now`, so records
 * written less than the indexing delay ago are missing or show their previous values. `after` is an offset;
 * results past `maxResults` cannot be paged to.
 */
export function searchRecords(ctx: HandlerContext): HandlerResult {
  const { store, options } = ctx;
  const limits = options.searchLimits;
  const body = parseBody(searchBody, ctx.body);
  const problem = filterProblem(body.filterGroups, limits);
  if (problem !== undefined) throw validationError(problem);
  const limit = body.limit ?? DEFAULT_LIMIT;
  if (limit > limits.maxLimit)
    throw validationError(`limit must be at most ${limits.maxLimit}, got ${limit}`);
  const offset = body.after === undefined ? 0 : Number(body.after);
  if (!Number.isInteger(offset) || offset < 0)
    throw validationError(`after must be an offset: ${body.after}`);
  if (offset >= limits.maxResults) {
    throw validationError(
      `Paging past ${limits.maxResults} results is not supported; narrow the filters (after=${offset}).`,
    );
  }
  const info = OBJECT_TYPE_INFO[store.type];
  const matches = store.search
    .visible(ctx.now)
    .filter(
      (doc) =>
        matchesFilterGroups(doc.properties, body.filterGroups) &&
        (body.query === undefined || matchesQuery(doc.properties, body.query, info.queryProperties)),
    )
    .sort((a, b) => compareForSort(a, b, body.sorts));
  const page = matches.slice(offset, offset + limit);
  const properties = selectedOrDefault(store, body.properties);
  const next = offset + limit;
  return {
    status: 200,
    body: {
      total: matches.length,
      results: page.map((doc) => viewRecord(store.type, doc, properties)),
      ...(next < matches.length ? { paging: { next: { after: String(next) } } } : {}),
    },
  };
}
