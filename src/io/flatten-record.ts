/**
 * Flattens a decoded record to string values: nested objects one level deep as `Parent.child`,
 * numbers and booleans via String, null as '', dates as ISO (date only at midnight UTC), the rest as JSON.
 */
export function flattenRecord(obj: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in obj) {
    const value = obj[key];
    if (isPlainObject(value)) {
      for (const sub in value) out[`${key}.${sub}`] = valueText(value[sub]);
    } else {
      out[key] = valueText(value);
    }
  }
  return out;
}

/** One value as the string the matcher sees. */
export function valueText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      if (value instanceof Date) return dateText(value);
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  }
}

function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
