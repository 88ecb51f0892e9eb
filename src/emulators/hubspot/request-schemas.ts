import { z } from 'zod';
import { validationError } from './hubspot-error.js';
import { OPERATORS } from './search-filters.js';

/** HubSpot stores every value as a string; numbers and booleans are accepted and converted. */
const propertyValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v) => (v === null ? null : String(v)));
const properties = z.record(z.string(), propertyValue);
const idValue = z.union([z.string(), z.number()]).transform(String);
const names = z.array(z.string());

export const createBody = z.object({ properties, associations: z.array(z.unknown()).optional() });
export const updateBody = z.object({ properties });
export const mergeBody = z.object({ primaryObjectId: idValue, objectIdToMerge: idValue });

export const batchReadBody = z.object({
  inputs: z.array(z.object({ id: idValue })),
  properties: names.optional(),
  propertiesWithHistory: names.optional(),
  idProperty: z.string().optional(),
});
export const batchCreateBody = z.object({
  inputs: z.array(
    z.object({
      properties,
      associations: z.array(z.unknown()).optional(),
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});
export const batchUpdateBody = z.object({
  inputs: z.array(
    z.object({
      id: idValue,
      idProperty: z.string().optional(),
      properties,
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});
export const batchUpsertBody = z.object({
  inputs: z.array(
    z.object({
      id: idValue,
      idProperty: z.string({ error: 'idProperty is required for upsert' }),
      properties,
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});
export const batchArchiveBody = z.object({ inputs: z.array(z.object({ id: idValue })) });

const filter = z.object({
  propertyName: z.string(),
  operator: z.enum(OPERATORS),
  value: idValue.optional(),
  values: z.array(idValue).optional(),
  highValue: idValue.optional(),
});
/** The SDK types `sorts` as strings but passes objects through; HubSpot takes both. */
const sort = z.union([
  z
    .string()
    .transform((s) =>
      s.startsWith('-')
        ? { propertyName: s.slice(1), direction: 'DESCENDING' as const }
        : { propertyName: s, direction: 'ASCENDING' as const },
    ),
  z.object({
    propertyName: z.string(),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);
export const searchBody = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filter) })).default([]),
  sorts: z.array(sort).default([]),
  query: z.string().optional(),
  properties: names.optional(),
  limit: z.number().int().min(0).optional(),
  after: idValue.optional(),
});

/** Validates a parsed JSON body, answering HubSpot's 400 VALIDATION_ERROR with the offending path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue === undefined ? '' : issue.path.map(String).join('.');
  throw validationError(
    `Invalid input JSON: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid'}`,
  );
}
