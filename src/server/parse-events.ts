import { MAX_EVENT_KEY_LENGTH } from '../gate/event-key.js';
import type { Submission } from '../gate/gate-port.js';
import { unstorableTextReason } from '../store/storable-text.js';
import { HttpError } from './http-error.js';
import { parseJson } from './parse-json.js';

export type EventsMediaType = 'json' | 'ndjson';

/** Nesting allowed inside one event (the envelope counts as one level). */
export const MAX_EVENT_DEPTH = 32;
const ENVELOPE_KEYS = new Set(['event_key', 'payload']);

/**
 * Reads the events of a POST body. JSON: one event object or an array of them; NDJSON: one event object per
 * line, blank lines ignored. Each event is `{event_key?, payload}` — the payload is always wrapped, so that
 * a source field called `payload` or `event_key` cannot be mistaken for the envelope. Errors name the event
 * as `[i]` (its index in the body) and, for syntax errors, the line and column.
 */
export function parseEvents(text: string, mediaType: EventsMediaType, maxEvents: number): Submission[] {
  const items = mediaType === 'json' ? parseJsonBody(text) : parseNdjsonBody(text);
  if (items.length === 0) throw new HttpError('empty_body', 'the body holds no events', '');
  if (items.length > maxEvents) {
    throw new HttpError(
      'too_many_events',
      `${items.length} events in one request; at most ${maxEvents} are accepted, split the batch`,
      '',
    );
  }
  return items.map((item, index) => toSubmission(item, index));
}

function parseJsonBody(text: string): unknown[] {
  if (text.trim() === '') throw new HttpError('empty_body', 'the body is empty; post an event object', '');
  const value = parseJson(text, '', 0);
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return [value];
  throw new HttpError('invalid_body', 'the body must be an event object or a JSON array of events', '');
}

function parseNdjsonBody(text: string): unknown[] {
  const items: unknown[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, lineIndex) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    items.push(parseJson(line, `[${items.length}]`, lineIndex));
  });
  return items;
}

function toSubmission(item: unknown, index: number): Submission {
  const at = `[${index}]`;
  if (!isPlainObject(item)) {
    throw new HttpError('invalid_event', 'an event must be an object {event_key?, payload}', at);
  }
  if (depthOf(item) > MAX_EVENT_DEPTH) {
    throw new HttpError('too_deep', `the event nests deeper than ${MAX_EVENT_DEPTH} levels`, at);
  }
  for (const key of Object.keys(item)) {
    if (!ENVELOPE_KEYS.has(key)) {
      throw new HttpError(
        'invalid_event',
        `unknown key in the event envelope; an event is {event_key?, payload} with the record in payload`,
        `${at}${formatKey(key)}`,
      );
    }
  }
  const { payload, event_key: eventKey } = item;
  if (payload === undefined) throw new HttpError('invalid_event', "missing 'payload'", `${at}.payload`);
  if (!isPlainObject(payload)) {
    throw new HttpError('invalid_event', 'payload must be an object of record fields', `${at}.payload`);
  }
  if (eventKey === undefined) return { payload };
  if (typeof eventKey !== 'string' || eventKey.trim() === '' || eventKey.length > MAX_EVENT_KEY_LENGTH) {
    throw new HttpError(
      'invalid_event',
      `event_key must be a non-empty string of at most ${MAX_EVENT_KEY_LENGTH} characters`,
      `${at}.event_key`,
    );
  }
  const reason = unstorableTextReason(eventKey);
  if (reason !== undefined) throw new HttpError('unstorable_text', `event_key ${reason}`, `${at}.event_key`);
  return { eventKey, payload };
}

/** `.email`, or `["odd key"]` for keys that are not identifiers. */
export function formatKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nesting depth of a JSON value, without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) max = depth;
    if (max > MAX_EVENT_DEPTH) return max;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}
