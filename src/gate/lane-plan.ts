import type { LaneContract, LaneFlow } from '../contract/index.js';
import type { FieldType } from '../identity/field-types.js';
import type { IdentityRules } from '../identity/rules.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { Properties } from '../connectors/target-connector.js';
import type { Preparer } from '../identity/remembering-preparer.js';

/** Anchor property used when the lane contract names none. */
export const DEFAULT_ANCHOR_PROPERTY = 'lanekeeper_id';

/** Everything the gate derives once from a lane contract. */
export interface LanePlan {
  readonly lane: string;
  readonly flow: LaneFlow;
  readonly rules: IdentityRules;
  /** Claims, crosswalk and identity index are kept per target object: `hubspot:contacts`. */
  readonly scope: string;
  readonly anchorProperty: string;
  /** Identity field name → its type. */
  readonly fieldTypes: ReadonlyMap<string, FieldType>;
  /** Identity fields that are exact keys, in the rules' key order. */
  readonly keyFields: readonly string[];
  readonly preparer: Preparer;
  /** A dry run's plan (`dry-run.ts`): its own scope and connector overlay; nothing is written to the target. */
  readonly dryRun: boolean;
}

/** Compiles a lane contract for the gate; a contract without a write side is a programming error. */
export function planLane(contract: LaneContract): LanePlan {
  const flow = contract.flow;
  if (flow === null || contract.lane === undefined)
    throw new Error(`${contract.file}: the contract has no lane to write (source, target, fields)`);
  const rules = contract.identity;
  return {
    lane: contract.lane,
    flow,
    rules,
    scope: scopeOf(flow.target.system, flow.target.object),
    anchorProperty: flow.target.anchorProperty ?? DEFAULT_ANCHOR_PROPERTY,
    fieldTypes: new Map(rules.fields.map((f) => [f.name, f.type])),
    keyFields: rules.keys.map((k) => k.field),
    preparer: new RecordPreparer(rules),
    dryRun: false,
  };
}

export function scopeOf(system: string, object: string): string {
  return `${system}:${object}`;
}

/** A payload value as text: strings trimmed, numbers and booleans written out; anything else is absent. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return '';
}

/** Target properties the lane writes for a payload; empty values are left out (a source never clears). */
export function propertiesOf(flow: LaneFlow, payload: Readonly<Record<string, unknown>>): Properties {
  const out: Record<string, string> = {};
  for (const field of flow.fields) {
    if (field.property === undefined) continue;
    const value = textOf(payload[field.name]);
    if (value !== '') out[field.property] = value;
  }
  return out;
}

/** Raw identity values of a payload, by identity field name (non-empty only). */
export function identityOf(
  flow: LaneFlow,
  payload: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of flow.fields) {
    if (field.identity === undefined) continue;
    const value = textOf(payload[field.name]);
    if (value !== '') out[field.identity] = value;
  }
  return out;
}

/** Identity values of a target record, read back through the lane's property mapping. */
export function identityOfRecord(flow: LaneFlow, properties: Properties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of flow.fields) {
    if (field.identity === undefined || field.property === undefined) continue;
    const value = properties[field.property];
    if (typeof value === 'string' && value.trim() !== '') out[field.identity] = value.trim();
  }
  return out;
}

/** The source record id of a payload, when the lane has one. */
export function sourceIdOf(flow: LaneFlow, payload: Readonly<Record<string, unknown>>): string | undefined {
  if (flow.source.idField === undefined) return undefined;
  const value = textOf(payload[flow.source.idField]);
  return value === '' ? undefined : value;
}
