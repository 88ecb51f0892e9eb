import type { LaneFlow } from '../contract/index.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { findUnstorableText, formatPath, unstorableTextReason } from '../store/storable-text.js';
import { SubmissionError, type Submission } from './gate-port.js';
import { MAX_EVENT_KEY_LENGTH } from './event-key.js';
import { textOf, type LanePlan } from './lane-plan.js';

/**
 * Checks every submission against the lane contract and throws the first problem as a `SubmissionError`
 * (nothing of the request is stored then). Messages name the field, never its value.
 */
export function validateSubmissions(plan: LanePlan, submissions: readonly unknown[]): Submission[] {
  return submissions.map((submission, i) => validateOne(plan, submission, i));
}

function validateOne(plan: LanePlan, submission: unknown, i: number): Submission {
  if (!isRecord(submission))
    throw new SubmissionError('a submission must be an object', `[${i}]`, 'invalid_body');
  const { eventKey, payload } = submission;
  if (!isRecord(payload))
    throw new SubmissionError('payload must be an object', `[${i}].payload`, 'invalid_body');
  if (eventKey !== undefined) {
    if (typeof eventKey !== 'string' || eventKey.trim() === '' || eventKey.length > MAX_EVENT_KEY_LENGTH)
      throw new SubmissionError(
        `eventKey must be a non-empty string of at most ${MAX_EVENT_KEY_LENGTH} characters`,
        `[${i}].eventKey`,
        'invalid_body',
      );
    const reason = unstorableTextReason(eventKey);
    if (reason !== undefined)
      throw new SubmissionError(`eventKey ${reason}`, `[${i}].eventKey`, 'unstorable_text');
  }
  // The store keeps the whole payload, so every string in it counts, mapped or not.
  const unstorable = findUnstorableText(payload);
  if (unstorable !== undefined)
    throw new SubmissionError(
      unstorable.reason,
      `[${i}].payload${formatPath(unstorable.path)}`,
      'unstorable_text',
    );
  const flow = plan.flow;
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    if (!['string', 'number', 'boolean'].includes(typeof value))
      throw new SubmissionError(
        'must be a string, number or boolean',
        `[${i}].payload.${name}`,
        'invalid_field',
      );
  }
  for (const field of flow.fields) {
    const path = `[${i}].payload.${field.name}`;
    const value = textOf(payload[field.name]);
    if (value === '') {
      if (field.required) throw new SubmissionError('required by the lane contract', path, 'missing_field');
      continue;
    }
    const type = field.identity === undefined ? undefined : plan.fieldTypes.get(field.identity);
    const problem = type === undefined ? undefined : invalidValue(type, value, plan.rules.defaultRegion);
    if (problem !== undefined) throw new SubmissionError(problem, path, 'invalid_field');
  }
  if (eventKey === undefined) checkBusinessKey(flow, payload, i);
  return typeof eventKey === 'string' ? { eventKey, payload } : { payload };
}

/**
 * Without an event id the business key identifies the event; with all its fields empty, unrelated events
 * would collide. (Fields a key cannot do without are `required` in the contract.)
 */
function checkBusinessKey(flow: LaneFlow, payload: Record<string, unknown>, i: number): void {
  if (flow.eventKey.length === 0) return;
  if (flow.eventKey.some((name) => textOf(payload[name]) !== '')) return;
  throw new SubmissionError(
    `no eventKey and no value for the event key (${flow.eventKey.join(', ')})`,
    `[${i}].eventKey`,
    'missing_field',
  );
}

function invalidValue(type: string, value: string, region: string): string | undefined {
  if (type === 'email') {
    const r = normalizeEmail(value);
    return r.ok ? undefined : `not an email address (${r.reason})`;
  }
  if (type === 'phone') {
    const r = normalizePhone(value, region);
    return r.ok ? undefined : `not a phone number (${r.reason})`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
