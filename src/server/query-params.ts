import { formatPath, unstorableTextReason } from '../store/storable-text.js';
import { HttpError } from './http-error.js';

/** `true`/`false` query flag; absent is `false`. */
export function booleanParam(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  throw new HttpError('invalid_query', `${name} must be true or false`, `query.${name}`);
}

/** A whole number in [min, max]; absent gives `fallback`. */
export function integerParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  const n = /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HttpError(
      'invalid_query',
      `${name} must be a whole number in [${min}, ${max}]`,
      `query.${name}`,
    );
  }
  return n;
}

/** One of a closed set; absent gives `undefined`. */
export function choiceParam<const T extends string>(
  url: URL,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new HttpError('invalid_query', `${name} must be one of ${values.join(', ')}`, `query.${name}`);
}

/** Refuses a query string holding text the store could not keep faithfully (a `%00`), whatever its use. */
export function checkQueryText(url: URL): void {
  for (const [name, value] of url.searchParams) {
    const reason = unstorableTextReason(name) ?? unstorableTextReason(value);
    if (reason !== undefined) {
      throw new HttpError('invalid_query', `the query parameter ${reason}`, `query${formatPath([name])}`);
    }
  }
}
