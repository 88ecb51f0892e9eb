import { ConnectorError, type Properties } from '../connectors/target-connector.js';
import type { CrosswalkEntry, EntityClaim, StoredEvent, WriteEffects } from '../store/state-store.js';
import type { Decision, EntityCandidate } from './decide.js';
import { adoptedEntityOf, newEntityOf } from './entity-ids.js';
import { keyOf, type EventIdentity } from './event-identity.js';
import { partsOf, type GateContext } from './gate-context.js';
import { propertiesOf, type LanePlan } from './lane-plan.js';
import type { TargetTally } from './target-meter.js';
import { applyValueRules, needsCurrentValues, PROVENANCE_PROPERTY } from './values-policy.js';

/** A failure worth another attempt that is not the connector's (a lost claim race, a late conflict). */
export class RetryableWriteError extends Error {
  override readonly name = 'RetryableWriteError';
}

export interface WriteResult {
  readonly operation: 'create' | 'update' | 'none';
  readonly targetId?: string;
  readonly entityId?: string;
  /** Protected properties left as a higher-ranked source set them. */
  readonly kept: readonly { readonly property: string; readonly heldBy: string }[];
  /** Properties not written: a key the record already holds another value of, or a shared address the target holds elsewhere. */
  readonly skipped: readonly string[];
  /** An unfinished create whose record the target already had (written before a crash or timeout). */
  readonly healed?: boolean;
  /** What the store records with the outcome, in the transaction that finishes the event. */
  readonly effects: WriteEffects;
  /** Names of the properties written (never values). */
  readonly properties?: readonly string[];
}

export interface WriteJob {
  readonly ctx: GateContext;
  readonly plan: LanePlan;
  readonly event: StoredEvent;
  readonly identity: EventIdentity;
  readonly tally: TargetTally;
  /** Claims on the event's exact keys, as found under the lock. */
  readonly claims: readonly EntityClaim[];
  /** The event's exact keys no entity holds yet. */
  readonly freeKeys: readonly string[];
  /** The source record's crosswalk entry as found under the lock. */
  readonly crosswalk?: CrosswalkEntry;
}

export function writeJob(
  ctx: GateContext,
  plan: LanePlan,
  event: StoredEvent,
  identity: EventIdentity,
  claims: readonly EntityClaim[],
  tally: TargetTally,
  crosswalk?: CrosswalkEntry,
): WriteJob {
  const claimed = new Set(claims.map((c) => c.key));
  return {
    ctx,
    plan,
    event,
    identity,
    tally,
    claims,
    freeKeys: identity.exactKeys.filter((k) => !claimed.has(k)),
    ...(crosswalk === undefined ? {} : { crosswalk }),
  };
}

/**
 * Carries out a `match` or `new` decision through the connector; what the store is to record comes back as
 * the result's `effects`. A `new` entity's id is derived from the event, so that every attempt at the event
 * upserts the same anchor.
 */
export async function writeDecision(job: WriteJob, decision: Decision): Promise<WriteResult> {
  if (decision.kind === 'new') return createRecord(job, newEntityOf(job.event.id));
  const entity = decision.entity;
  if (decision.kind !== 'match' || entity === undefined)
    throw new Error('only match and new decisions write');
  if (decision.operation === 'none')
    return {
      operation: 'none',
      entityId: entity.entityId,
      ...(entity.targetId === undefined ? {} : { targetId: entity.targetId }),
      kept: [],
      skipped: [],
      effects: { scope: job.plan.scope },
    };
  if (entity.targetId === undefined) return createRecord(job, entity.entityId);
  return updateRecord(job, entity, entity.targetId);
}

/**
 * Claims the free keys for the entity (and, with `targetId`, binds the entity's claims to that record) in
 * one store transaction, before the target is written.
 */
async function claimOrRetry(job: WriteJob, entityId: string, targetId?: string): Promise<void> {
  if (job.freeKeys.length === 0 && targetId === undefined) return;
  const { plan, event, freeKeys } = job;
  const result = await job.ctx.store.claim(plan.scope, freeKeys, entityId, event.id, targetId);
  if (!result.ok) throw new RetryableWriteError('another writer claimed one of the keys first');
}

/**
 * The create path: the event's free keys are claimed for the entity first (durable), then the record is
 * upserted by its anchor — so a create cut off after the target wrote is finished, not repeated, by the
 * next attempt, which finds the same entity through the pending claim.
 */
export async function createRecord(job: WriteJob, entityId: string): Promise<WriteResult> {
  const { plan, event, tally } = job;
  await claimOrRetry(job, entityId);
  const outgoing: Record<string, string | null> = { ...propertiesOf(plan.flow, event.payload) };
  const held = heldElsewhere(job, entityId);
  for (const property of held) delete outgoing[property];
  const { write } = applyValueRules(plan.flow.values, plan.flow.source.system, outgoing);
  const object = plan.flow.target.object;
  const { result, skipped, written } = await withFallback(job, write, (p) =>
    tally.call((c) => c.upsertByAnchor(object, entityId, p)),
  );
  const { id, created } = result;
  return {
    operation: 'create',
    targetId: id,
    entityId,
    kept: [],
    skipped: [...held, ...skipped],
    ...(created ? {} : { healed: true }),
    properties: Object.keys(written),
    effects: {
      scope: plan.scope,
      bind: { entityId, targetId: id },
      ...recordedEffects(job, entityId, id, written, skipped),
    },
  };
}

/** The update path: precedence and protected values apply; new keys are claimed for the entity. */
export async function updateRecord(
  job: WriteJob,
  entity: EntityCandidate,
  targetId: string,
): Promise<WriteResult> {
  const { ctx, plan, event, tally } = job;
  const { index } = partsOf(ctx, plan);
  const entityId = entity.known ? entity.entityId : adoptedId(entity.entityId, event.id, targetId);
  const outgoing: Record<string, string | null> = { ...propertiesOf(plan.flow, event.payload) };
  const skipped = [
    ...new Set([
      ...keysTheRecordHolds(job, index.entity(entityId)?.identity ?? {}),
      ...heldElsewhere(job, entityId),
    ]),
  ];
  for (const property of skipped) delete outgoing[property];

  const object = plan.flow.target.object;
  let current: Properties | undefined;
  if (needsCurrentValues(plan.flow.values, outgoing)) {
    const properties = [...plan.flow.values.protected, PROVENANCE_PROPERTY];
    const [found] = await tally.call((c) => c.read(object, [targetId], properties));
    if (found === undefined)
      throw new ConnectorError('the matched record is gone from the target', 'not_found');
    current = found.properties;
  }
  const { write, kept } = applyValueRules(plan.flow.values, plan.flow.source.system, outgoing, current);
  for (const k of kept) {
    ctx.emit({
      type: 'protected_value_kept',
      eventId: event.id,
      lane: plan.lane,
      property: k.property,
      heldBy: k.heldBy,
    });
  }

  // Bound before the target is written: an attempt cut off after this finds the entity with its record.
  if (!entity.known || job.freeKeys.length > 0) await claimOrRetry(job, entityId, targetId);
  let written: Properties = write;
  if (Object.keys(write).length > 0) {
    const outcome = await withFallback(job, write, (p) => tally.call((c) => c.update(object, targetId, p)));
    skipped.push(...outcome.skipped);
    written = outcome.written;
  }
  return {
    operation: 'update',
    targetId,
    entityId,
    kept,
    skipped,
    properties: Object.keys(written),
    effects: { scope: plan.scope, ...recordedEffects(job, entityId, targetId, written, []) },
  };
}

/** Properties of exact keys another entity holds: the target keeps such a value on that entity's record. */
function heldElsewhere(job: WriteJob, entityId: string): string[] {
  const others = new Set(job.claims.filter((c) => c.entityId !== entityId).map((c) => c.key));
  if (others.size === 0) return [];
  const { plan, identity } = job;
  return plan.flow.fields
    .filter((f) => f.identity !== undefined && f.property !== undefined)
    .filter((f) => {
      const key = keyOf(plan, f.identity!, identity.features[f.identity!] ?? '');
      return key !== undefined && others.has(key);
    })
    .map((f) => f.property!);
}

/** A target record made by another writer becomes an entity: its own anchor when it has one. */
function adoptedId(candidateId: string, eventId: string, targetId: string): string {
  return candidateId.startsWith('target:') ? adoptedEntityOf(eventId, targetId) : candidateId;
}

/**
 * Properties of exact-key fields (and role mailboxes) the record already holds another value of: a person
 * has several addresses, the record keeps the one it has, and the new one is claimed for the entity.
 */
function keysTheRecordHolds(job: WriteJob, known: Readonly<Record<string, string>>): string[] {
  const { plan, identity } = job;
  const knownFeatures = plan.preparer.prepare(known);
  const out: string[] = [];
  for (const field of plan.flow.fields) {
    if (field.identity === undefined || field.property === undefined) continue;
    const mine = identity.features[field.identity] ?? '';
    const theirs = knownFeatures[field.identity] ?? '';
    const isKey = plan.keyFields.includes(field.identity);
    const role = identity.roleFields.includes(field.identity);
    if (
      (isKey && mine !== '' && theirs !== '' && mine !== theirs) ||
      (role && (known[field.identity] ?? '') !== '')
    )
      out.push(field.property);
  }
  return out;
}

/**
 * Writes; when the target refuses a unique value the event holds only as a shared (role) address, writes
 * again without it. Any other uniqueness conflict means a record the checks did not see: resolve again.
 */
async function withFallback<T>(
  job: WriteJob,
  properties: Properties,
  write: (p: Properties) => Promise<T>,
): Promise<{ result: T; skipped: string[]; written: Properties }> {
  try {
    return { result: await write(properties), skipped: [], written: properties };
  } catch (err) {
    if (!(err instanceof ConnectorError) || err.kind !== 'conflict') throw err;
    const droppable = job.plan.flow.fields
      .filter((f) => f.identity !== undefined && f.property !== undefined)
      .filter((f) => job.identity.roleFields.includes(f.identity!) && properties[f.property!] !== undefined)
      .map((f) => f.property!);
    if (droppable.length === 0)
      throw new RetryableWriteError('the target holds another record with one of the unique values', {
        cause: err,
      });
    const rest = Object.fromEntries(Object.entries(properties).filter(([p]) => !droppable.includes(p)));
    return { result: await write(rest), skipped: droppable, written: rest };
  }
}

/**
 * The crosswalk entry and identity index entry a write leaves (each only when it changes); the index gets
 * identity fields only: those the record holds, and a shared mailbox the event wrote from.
 */
function recordedEffects(
  job: WriteJob,
  entityId: string,
  targetId: string,
  written: Properties,
  skipped: readonly string[],
): Pick<WriteEffects, 'crosswalk' | 'index'> {
  const { ctx, plan, identity, crosswalk } = job;
  const effects: { -readonly [K in 'crosswalk' | 'index']?: WriteEffects[K] } = {};
  if (
    identity.sourceId !== undefined &&
    (crosswalk?.targetId !== targetId || crosswalk.entityId !== entityId)
  )
    effects.crosswalk = {
      sourceSystem: plan.flow.source.system,
      sourceId: identity.sourceId,
      targetId,
      entityId,
    };
  const { index } = partsOf(ctx, plan);
  const known = index.entity(entityId);
  const merged: Record<string, string> = { ...known?.identity };
  for (const field of plan.flow.fields) {
    if (field.identity === undefined) continue;
    const value = identity.raw[field.identity];
    if (value === undefined) continue;
    if (
      field.property !== undefined &&
      (written[field.property] === undefined || skipped.includes(field.property))
    ) {
      // A shared mailbox the target refused (another record holds it) is still one this person writes
      // from: the index keeps it when it knows no other address for the field — it is never a key there —
      // so that a namesake on the same mailbox is doubted instead of created (`MailboxNamesakes`).
      if (identity.roleFields.includes(field.identity) && (merged[field.identity] ?? '') === '')
        merged[field.identity] = value;
      continue;
    }
    merged[field.identity] = value;
  }
  if (known?.targetId !== targetId || !sameValues(known.identity, merged))
    effects.index = { targetId, entityId, identity: merged };
  return effects;
}

function sameValues(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
