import { ConnectorError, type Properties } from '../connectors/target-connector.js';
import type { CrosswalkEntry, EntityClaim, StoredEvent, WriteEffects } from '../store/state-store.js';
import type { Decision, EntityCandidate } from './decide.js';
import { adoptedEntityOf, newEntityOf } from './entity-ids.js';
import { keyOf, type EventIdentity } from './event-identity.js';
import { partsOf, type GateContext } from './gate-context.js';
import { propertiesOf, type LanePlan } from './lane-plan.js';
import type { TargetTally } from './target-meter.js';
import { mailboxesTheRecordHolds, ownKeyComparison, propertiesToRead } from './record-values.js';
import { secondaryEmails } from './secondary-emails.js';
import { applyValueRules, PROVENANCE_PROPERTY, type KeptValue } from './values-policy.js';
import { recordChange, type RecordChange } from './verify-record.js';

/** A failure worth another attempt that is not the connector's (a lost claim race, a late conflict). */
export class RetryableWriteError extends Error {
  override readonly name = 'RetryableWriteError';
}

export interface WriteResult {
  readonly operation: 'create' | 'update' | 'none';
  readonly targetId?: string;
  readonly entityId?: string;
  /** Values the record keeps instead of the event's, and why (property names only). */
  readonly kept: readonly KeptValue[];
  /**
   * Properties not written: a key the record holds another value of, an empty property a `keep` lane
   * leaves empty, or a shared address the target holds elsewhere; `skippedBecause` says which.
   */
  readonly skipped: readonly string[];
  readonly skippedBecause?: Readonly<Record<string, string>>;
  /** Lane properties written. */
  readonly written?: readonly string[];
  /** Lane properties the record holds with the event's value already (keys compared normalized). */
  readonly unchanged?: readonly string[];
  /** Addresses added to the record's further addresses: the list property and the lane properties. */
  readonly secondary?: { readonly property: string; readonly from: readonly string[] };
  /** An unfinished create whose record the target already had (written before a crash or timeout). */
  readonly healed?: boolean;
  /** The record is no longer the entity's: nothing was written and the event goes to review. */
  readonly review?: RecordChange;
  /** What the store records with the outcome, in the transaction that finishes the event. */
  readonly effects: WriteEffects;
  /** Names of the properties written (never values). */
  readonly properties?: readonly string[];
}

/** A `not_found` answer to a write of the record as `RecordGoneError` (it went between read and write). */
function goneAs(targetId: string): (err: unknown) => never {
  return (err) => {
    if (err instanceof ConnectorError && err.kind === 'not_found') throw new RecordGoneError(targetId);
    throw err;
  };
}

/** The record an update was to write is gone from the target: the event is resolved again without it. */
export class RecordGoneError extends Error {
  override readonly name = 'RecordGoneError';
  constructor(readonly targetId: string) {
    super(`record ${targetId} is gone from the target`);
  }
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
    written: Object.keys(written).filter((p) => p !== PROVENANCE_PROPERTY),
    ...(created ? {} : { healed: true }),
    properties: Object.keys(written),
    effects: {
      scope: plan.scope,
      bind: { entityId, targetId: id },
      ...recordedEffects(job, entityId, id, written),
    },
  };
}

export interface UpdateOptions {
  /** False when an operator chose the record: it is not checked against what the store knows. */
  readonly verify?: boolean;
}

/**
 * The update path. The record's current values are read first (one read, batched with other events'):
 * a record the store binds to a known entity must still be that entity's (`recordChange`), else nothing is
 * written and the result asks for review; then the value rules decide property by property
 * (`applyValueRules`): keys are never overwritten — a second address goes where the target keeps further
 * ones —, precedence where Lanekeeper set a value, the lane's `existing_values` where it did not. A record
 * without an anchor gets the entity's. New keys are claimed for the entity.
 */
export async function updateRecord(
  job: WriteJob,
  entity: EntityCandidate,
  targetId: string,
  options: UpdateOptions = {},
): Promise<WriteResult> {
  const { ctx, plan, event, tally } = job;
  const { meter } = partsOf(ctx, plan);
  const entityId = entity.known ? entity.entityId : adoptedId(entity.entityId, event.id, targetId);
  const object = plan.flow.target.object;
  const secondaryProperty = meter.connector.secondaryEmailProperty?.(object);
  const [found] = await tally.call((c) =>
    c.read(object, [targetId], propertiesToRead(plan, secondaryProperty)),
  );
  if (found === undefined) throw new RecordGoneError(targetId);
  const current = found.properties;
  if (options.verify !== false && entity.known) {
    const change = recordChange(ctx, plan, entityId, targetId, current);
    if (change !== undefined)
      return {
        operation: 'none',
        targetId,
        entityId,
        kept: [],
        skipped: [],
        review: change,
        effects: { scope: plan.scope },
      };
  }

  const outgoing: Record<string, string | null> = { ...propertiesOf(plan.flow, event.payload) };
  const because: Record<string, string> = {};
  for (const property of heldElsewhere(job, entityId)) because[property] = 'held_by_another_record';
  for (const property of mailboxesTheRecordHolds(plan, job.identity, current))
    because[property] ??= 'shared_mailbox';
  for (const property of Object.keys(because)) delete outgoing[property];
  const values = applyValueRules(
    plan.flow.values,
    plan.flow.source.system,
    outgoing,
    current,
    ownKeyComparison(plan, job.identity),
  );
  for (const s of values.skipped) because[s.property] = s.reason;
  for (const k of values.kept) {
    if (k.heldBy === undefined) continue;
    ctx.emit({
      type: 'protected_value_kept',
      eventId: event.id,
      lane: plan.lane,
      property: k.property,
      heldBy: k.heldBy,
    });
  }
  const write: Record<string, string | null> = { ...values.write };
  const heldKeys = values.skipped.filter((s) => s.reason === 'key_held').map((s) => s.property);
  const secondary =
    secondaryProperty === undefined
      ? undefined
      : secondaryEmails(plan, job.identity, heldKeys, current, secondaryProperty);
  if (secondary !== undefined) write[secondary.property] = secondary.value;
  if ((current[plan.anchorProperty] ?? '').trim() === '') write[plan.anchorProperty] = entityId;

  // Bound before the target is written: an attempt cut off after this finds the entity with its record.
  if (!entity.known || job.freeKeys.length > 0) await claimOrRetry(job, entityId, targetId);
  let written: Properties = write;
  let secondaryWritten = secondary;
  if (Object.keys(write).length > 0) {
    const outcome = await withoutRefused(secondary?.property, write, (w) =>
      withFallback(job, w, (p) => tally.call((c) => c.update(object, targetId, p)).catch(goneAs(targetId))),
    );
    for (const property of outcome.skipped) because[property] ??= 'shared_mailbox';
    written = outcome.written;
    if (outcome.refused) secondaryWritten = undefined;
  }
  const skipped = Object.keys(because);
  return {
    operation: 'update',
    targetId,
    entityId,
    kept: values.kept,
    skipped,
    ...(skipped.length > 0 ? { skippedBecause: because } : {}),
    written: values.written.filter((p) => written[p] !== undefined),
    ...(values.unchanged.length > 0 ? { unchanged: values.unchanged } : {}),
    ...(secondaryWritten === undefined
      ? {}
      : { secondary: { property: secondaryWritten.property, from: secondaryWritten.from } }),
    effects: {
      scope: plan.scope,
      ...recordedEffects(job, entityId, targetId, { ...current, ...written }),
    },
  };
}

/**
 * Writes; when the target refuses the list of further addresses (a property it keeps read-only), writes
 * again without it: the addresses stay recorded on the decision.
 */
async function withoutRefused<T extends { written: Properties }>(
  property: string | undefined,
  properties: Properties,
  write: (p: Properties) => Promise<T>,
): Promise<T & { refused: boolean }> {
  try {
    return { ...(await write(properties)), refused: false };
  } catch (err) {
    if (
      property === undefined ||
      !(err instanceof ConnectorError) ||
      err.kind !== 'rejected' ||
      !err.message.includes(property)
    )
      throw err;
    const rest = Object.fromEntries(Object.entries(properties).filter(([p]) => p !== property));
    return { ...(await write(rest)), refused: true };
  }
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
 * The crosswalk entry and identity index entry a write leaves (each only when it changes). The index gets
 * identity fields only: what the record holds of the lane's properties after the write (`values`), the
 * event's values of identity fields the lane does not write, and a shared mailbox the event wrote from.
 */
function recordedEffects(
  job: WriteJob,
  entityId: string,
  targetId: string,
  values: Properties,
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
    if (field.property === undefined) {
      if (value !== undefined) merged[field.identity] = value;
      continue;
    }
    const held = (values[field.property] ?? '').trim();
    if (held !== '') merged[field.identity] = held;
    // A shared mailbox the target refused (another record holds it) is still one this person writes
    // from: the index keeps it when it knows no other address for the field — it is never a key there —
    // so that a namesake on the same mailbox is doubted instead of created (`MailboxNamesakes`).
    else if (
      value !== undefined &&
      identity.roleFields.includes(field.identity) &&
      (merged[field.identity] ?? '') === ''
    )
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
