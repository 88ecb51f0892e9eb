import type { KeyProbe } from '../connectors/target-connector.js';
import { roleFlag } from '../identity/feature-names.js';
import type { Features } from '../identity/prepare-record.js';
import { identityOf, sourceIdOf, type LanePlan } from './lane-plan.js';

/** What the gate knows about who an event is, before any lookup. Pure data; no payload beyond identity. */
export interface EventIdentity {
  /** Raw identity values by identity field (what the identity index stores). */
  readonly raw: Readonly<Record<string, string>>;
  /** Normalized features (the identity core's preparation). */
  readonly features: Features;
  /**
   * Exact identity keys, most specific first: `external_id:<source system>:<id>`, then the rules' keys
   * (`email:bob@acme.com`, `phone:+14155550100`). Role and shared mailboxes are never keys.
   */
  readonly exactKeys: readonly string[];
  /** Exact keys plus fuzzy blocking keys: everything locked while the event is resolved and written. */
  readonly lockKeys: readonly string[];
  readonly sourceId?: string;
  /** Identity fields whose value is a role mailbox (`support@…`): written, never used as a key. */
  readonly roleFields: readonly string[];
}

const SEPARATOR = '\u0001';

/** Normalizes an event's identity fields through the identity core and derives its keys. */
export function eventIdentity(plan: LanePlan, payload: Readonly<Record<string, unknown>>): EventIdentity {
  const raw = identityOf(plan.flow, payload);
  const features = plan.preparer.prepare(raw);
  const sourceId = sourceIdOf(plan.flow, payload);
  const exactKeys: string[] = [];
  if (sourceId !== undefined) exactKeys.push(sourceKey(plan.flow.source.system, sourceId));
  for (const field of plan.keyFields) {
    const key = keyOf(plan, field, features[field] ?? '');
    if (key !== undefined && !exactKeys.includes(key)) exactKeys.push(key);
  }
  const roleFields = [...plan.fieldTypes]
    .filter(([field, type]) => type === 'email' && features[roleFlag(field)] === '1')
    .map(([field]) => field);
  return {
    raw,
    features,
    exactKeys,
    lockKeys: [...exactKeys, ...blockingKeys(plan, features)],
    ...(sourceId === undefined ? {} : { sourceId }),
    roleFields,
  };
}

/** The crosswalk key of a source record. */
export function sourceKey(system: string, id: string): string {
  return `external_id:${system}:${id}`;
}

/** The exact key of one normalized identity value: emails and phones share one space across fields. */
export function keyOf(plan: LanePlan, field: string, value: string): string | undefined {
  if (value === '') return undefined;
  const type = plan.fieldTypes.get(field);
  if (type === 'email' || type === 'phone') return `${type}:${value}`;
  if (type === 'external_id') return `external_id:${field}:${value}`;
  return `${field}:${value}`;
}

/** One lock per blocking rule the event falls into, so that fuzzy twins are resolved one after the other. */
export function blockingKeys(plan: LanePlan, features: Features): string[] {
  const out: string[] = [];
  for (const rule of plan.rules.blocking) {
    const parts = rule.keys.map((k) => features[k] ?? '');
    if (parts.some((p) => p === '')) continue;
    if (rule.anyOrder === true) parts.sort();
    out.push(`block:${rule.name}:${parts.join(SEPARATOR)}`);
  }
  return out;
}

/** Exact keys of the event as target lookups (property + normalized value), for the pre-create check. */
export function probesOf(plan: LanePlan, identity: EventIdentity): KeyProbe[] {
  const probes: KeyProbe[] = [];
  for (const field of plan.flow.fields) {
    if (field.identity === undefined || field.property === undefined) continue;
    if (!plan.keyFields.includes(field.identity)) continue;
    const value = identity.features[field.identity] ?? '';
    if (value === '') continue;
    const type = plan.fieldTypes.get(field.identity);
    probes.push({ property: field.property, value: type === 'phone' ? value.split(';')[0]! : value });
  }
  return probes;
}

/** Scope-prefixed lock names: every lane writing one target object shares the identity space. */
export function scopedLocks(scope: string, keys: readonly string[]): string[] {
  return [...new Set(keys)].map((k) => `${scope}|${k}`);
}
