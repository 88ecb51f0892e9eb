import type { z } from 'zod';
import { findUnstorableText, formatPath } from '../store/storable-text.js';
import { HttpError } from './http-error.js';
import { formatKey, isPlainObject } from './parse-events.js';
import { parseJson } from './parse-json.js';
import { mediaTypeOf, readBodyText } from './read-body.js';

/** Reads a JSON object body (operator requests) and validates it with `schema`; problems are 4xx with a path. */
export async function readJsonObject<S extends z.ZodType>(
  request: Request,
  maxBytes: number,
  schema: S,
): Promise<z.output<S>> {
  mediaTypeOf(request, { 'application/json': 'json' });
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === '') throw new HttpError('empty_body', 'the body is empty; post a JSON object', '');
  const value = parseJson(text);
  if (!isPlainObject(value)) throw new HttpError('invalid_body', 'the body must be a JSON object', '');
  const unstorable = findUnstorableText(value);
  if (unstorable !== undefined)
    throw new HttpError('unstorable_text', unstorable.reason, formatPath(unstorable.path).replace(/^\./, ''));
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const segments = (issue?.path ?? []).filter((s) => typeof s === 'string' || typeof s === 'number');
  const path = segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : formatKey(s)))
    .join('');
  const missing = issue?.code === 'invalid_type' && issue.input === undefined;
  const message = missing
    ? `missing '${path}'`
    : issue?.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
      : (issue?.message ?? 'invalid body');
  throw new HttpError('invalid_body', message, path);
}
