import { createHash } from 'node:crypto';
import type { LaneFlow } from '../contract/index.js';
import { textOf } from './lane-plan.js';

/** Longest event id a source may send. */
export const MAX_EVENT_KEY_LENGTH = 256;

/**
 * The event key of a submission: the source's event id when it sends one, otherwise `bk:` + sha256 of the
 * lane's composite business key (field names and trimmed values, in contract order). Without an
 * `event_key` in the contract, every mapped field and the source id make up the business key.
 */
export function eventKeyOf(
  flow: LaneFlow,
  payload: Readonly<Record<string, unknown>>,
  given: string | undefined,
): string {
  if (given !== undefined) return given;
  const parts = businessKeyFields(flow).map((name) => [name, textOf(payload[name])]);
  return `bk:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

/** Payload fields hashed into the business key. */
export function businessKeyFields(flow: LaneFlow): readonly string[] {
  if (flow.eventKey.length > 0) return flow.eventKey;
  const names = flow.fields.map((f) => f.name);
  if (flow.source.idField !== undefined && !names.includes(flow.source.idField))
    names.push(flow.source.idField);
  return names;
}
