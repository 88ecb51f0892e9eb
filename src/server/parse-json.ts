import { HttpError } from './http-error.js';
import { findJsonSyntaxError } from './json-syntax-error.js';

/**
 * `JSON.parse` with a located message instead of V8's (which has no position in Node 20 and quotes the
 * input). `path` names the part of the body (`[3]` for an NDJSON line); `lineOffset` is the 0-based line of
 * `text` within the body.
 */
export function parseJson(text: string, path = '', lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const found = findJsonSyntaxError(text);
    const line = (found?.line ?? 1) + lineOffset;
    const column = found?.column ?? 1;
    const what = path === '' ? 'the body' : `NDJSON line ${line}`;
    throw new HttpError(
      'malformed_json',
      `${what} is not valid JSON: ${found?.reason ?? 'syntax error'} at line ${line}, column ${column}`,
      path,
      { line, column },
    );
  }
}
