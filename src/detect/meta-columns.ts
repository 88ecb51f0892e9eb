const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const UPDATED_AT = new Set(
  [
    'updated_at',
    'LastModifiedDate',
    'Last Modified Date',
    'hs_lastmodifieddate',
    'lastmodifieddate',
    'SystemModstamp',
    'updated',
    'modified_at',
    'Last Activity Date',
  ].map(squash),
);
const SOURCE = new Set(
  [
    'source',
    'LeadSource',
    'Lead Source',
    'Original Source',
    'hs_analytics_source',
    'record_source',
    'system',
  ].map(squash),
);

/** Columns that are not identity fields but steer survivorship: last modification time and source system. */
export function findMetaColumns(
  columns: readonly string[],
  used: ReadonlySet<string>,
): { updatedAt: string | null; source: string | null } {
  const free = columns.filter((c) => !used.has(c));
  return {
    updatedAt: free.find((c) => UPDATED_AT.has(squash(c))) ?? null,
    source: free.find((c) => SOURCE.has(squash(c))) ?? null,
  };
}

/** Milliseconds since the epoch, NaN when the value is empty or not a date. */
export function parseTimestamp(value: string | undefined): number {
  if (value === undefined || value === '') return NaN;
  if (/^\d{10,13}$/.test(value)) return value.length === 13 ? Number(value) : Number(value) * 1000;
  return Date.parse(value);
}
