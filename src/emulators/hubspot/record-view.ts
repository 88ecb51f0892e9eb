import { OBJECT_TYPE_INFO, systemProperties, type ObjectType } from './object-types.js';

interface Viewable {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly archivedAt?: number;
}

/** A record as HubSpot returns it. */
export interface RecordView {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/**
 * Renders a record with the requested properties (unset ones as `null`) plus the three HubSpot always
 * echoes: `hs_object_id`, `createdate` and the last-modified date.
 */
export function viewRecord(type: ObjectType, record: Viewable, properties: readonly string[]): RecordView {
  const selected: Record<string, string | null> = {};
  for (const name of [...properties, ...systemProperties(type)]) {
    selected[name] = record.properties[name] ?? null;
  }
  const view: RecordView = {
    id: record.id,
    properties: selected,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archivedAt !== undefined,
  };
  if (record.archivedAt !== undefined) view.archivedAt = new Date(record.archivedAt).toISOString();
  return view;
}

/** `properties=a,b&properties=c` → `[a, b, c]`; absent → `undefined`. */
export function requestedProperties(query: URLSearchParams): string[] | undefined {
  const values = query.getAll('properties');
  if (values.length === 0) return undefined;
  return values.flatMap((v) => v.split(',')).filter((v) => v !== '');
}

/** The properties a body asks for; none (absent or empty) means the object's default set. */
export function selectedOrDefault(
  store: { readonly type: ObjectType },
  properties: readonly string[] | undefined,
): readonly string[] {
  return properties === undefined || properties.length === 0
    ? OBJECT_TYPE_INFO[store.type].defaultProperties
    : properties;
}
