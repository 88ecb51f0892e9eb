import type { CrosswalkEntry, EntityClaim, EventLookupResult, StoredEvent } from '../store/state-store.js';
import { CandidateSet } from './candidate-set.js';
import { decide, type Decision } from './decide.js';
import { keyOf, probesOf, type EventIdentity } from './event-identity.js';
import { reviewAsNamesake } from './mailbox-namesakes.js';
import { partsOf, type GateContext } from './gate-context.js';
import { identityOf, identityOfRecord, type LanePlan } from './lane-plan.js';
import type { TargetTally } from './target-meter.js';

export interface Resolution {
  readonly decision: Decision;
  /** Claims on the event's keys, as found under the lock. */
  readonly claims: readonly EntityClaim[];
  /** Whether the target was asked (the pre-create check). */
  readonly verified: boolean;
  /** The source record's crosswalk entry, when it has one. */
  readonly crosswalk?: CrosswalkEntry;
}

/** What the store holds on an event's keys, read under their lock (`StateStore.lookup`). */
export type Found = Pick<EventLookupResult, 'crosswalk' | 'claims'>;

/**
 * Resolves an event under the lock of its keys: (a) the crosswalk, (b) claims on its exact keys — both as
 * `found` under the lock —, (c) the identity index (refreshed under the lock by the caller), and — before
 * any create — (d) the target itself by exact keys, to catch records other writers made. Then decides.
 * Records in `gone` were found missing from the target: an entity bound to one counts as not yet created.
 */
export async function resolveEvent(
  ctx: GateContext,
  plan: LanePlan,
  event: StoredEvent,
  identity: EventIdentity,
  tally: TargetTally,
  found: Found,
  gone: ReadonlySet<string> = new Set(),
): Promise<Resolution> {
  const { index } = partsOf(ctx, plan);
  const set = new CandidateSet();

  const { crosswalk, claims } = found;
  if (crosswalk !== undefined)
    set.add(crosswalk.entityId, { via: 'crosswalk', targetId: crosswalk.targetId });

  for (const claim of claims) {
    set.add(claim.entityId, {
      via: 'claim',
      keys: [claim.key],
      ...(claim.targetId === undefined ? {} : { targetId: claim.targetId }),
    });
  }

  for (const c of index.candidates(identity.raw)) {
    const known = index.entity(c.entityId);
    set.add(c.entityId, {
      via: 'index',
      explanation: c.explanation,
      ...(known === undefined ? {} : { targetId: known.targetId }),
    });
  }

  addMailboxNamesakes(ctx, plan, identity, set);
  await explainCandidates(ctx, plan, event, identity, set, claims);

  // Records found gone from the target: their entities are recreated, unless the target holds them elsewhere.
  set.forgetTargets(gone);
  let decision = decide(set.list(), plan.flow.target.mode);
  let verified = false;
  // Before any create — a new record, or an unfinished one resumed — and before giving up on an update.
  if (decision.operation === 'create' || decision.rule === 'review:no_record') {
    verified = await verifyAgainstTarget(ctx, plan, identity, set, tally);
    if (verified) decision = decide(set.list(), plan.flow.target.mode);
  }
  return { decision, claims, verified, ...(crosswalk === undefined ? {} : { crosswalk }) };
}

/**
 * Records that share one of the event's role mailboxes under the same full name and that nothing else
 * found: doubtful candidates, so the event goes to review instead of a guessed create (`MailboxNamesakes`).
 */
function addMailboxNamesakes(
  ctx: GateContext,
  plan: LanePlan,
  identity: EventIdentity,
  set: CandidateSet,
): void {
  if (identity.roleFields.length === 0) return;
  const { index, explainer } = partsOf(ctx, plan);
  for (const [entityId, field] of index.namesakesOnMailbox(identity.raw)) {
    const known = index.entity(entityId);
    if (set.has(entityId) || known === undefined) continue;
    const explanation = reviewAsNamesake(explainer.explain(known.identity, identity.raw), field);
    if (explanation.decision === 'no_match') continue;
    set.add(entityId, { via: 'index', targetId: known.targetId, explanation });
  }
}

/**
 * Pair explanations of the candidates found by key. An entity holding some of the event's exact keys owns
 * those values (not only the ones its record shows), so it is scored with them as its own: the identity
 * core's key rule and false-merge guards (a name conflict on a family address) decide. Candidates the index
 * found by score keep the index's explanation. The profile is the index's latest entry or — for an
 * unfinished create — the identity of the event that claimed the keys; the event's own unfinished create
 * needs none: it is the same person.
 */
async function explainCandidates(
  ctx: GateContext,
  plan: LanePlan,
  event: StoredEvent,
  identity: EventIdentity,
  set: CandidateSet,
  claims: readonly EntityClaim[],
): Promise<void> {
  const { index, explainer } = partsOf(ctx, plan);
  for (const candidate of set.list()) {
    if (candidate.keys.length === 0 && candidate.explanation !== undefined) continue;
    const own = claims.filter((c) => c.entityId === candidate.entityId);
    if (own.length > 0 && own.every((c) => c.eventId === event.id)) continue;
    let profile = index.entity(candidate.entityId)?.identity;
    if (profile === undefined) {
      const claimer = own.find((c) => c.eventId !== event.id);
      const other = claimer === undefined ? undefined : await ctx.store.getEvent(claimer.eventId);
      const otherPlan = other === undefined ? undefined : ctx.plans.get(other.lane);
      if (other !== undefined && otherPlan !== undefined) profile = identityOf(otherPlan.flow, other.payload);
    }
    if (profile === undefined || Object.keys(profile).length === 0) continue;
    const held = withHeldKeys(plan, profile, identity, candidate.keys);
    set.explain(candidate.entityId, explainer.explain(held, identity.raw), true);
  }
}

/** The profile with the values of the event's keys the entity holds. */
function withHeldKeys(
  plan: LanePlan,
  profile: Readonly<Record<string, string>>,
  identity: EventIdentity,
  keys: readonly string[],
): Readonly<Record<string, string>> {
  let out: Record<string, string> | undefined;
  for (const field of plan.keyFields) {
    const key = keyOf(plan, field, identity.features[field] ?? '');
    const value = identity.raw[field];
    if (key === undefined || value === undefined || !keys.includes(key) || profile[field] === value) continue;
    out ??= { ...profile };
    out[field] = value;
  }
  // The profile itself when it holds them all already: its preparation is remembered.
  return out ?? profile;
}

/**
 * Asks the target for records holding the event's exact keys. Records Lanekeeper knows join their
 * entity; a record carrying an anchor joins the entity it names (an unfinished create that reached the
 * target); any other record is a candidate made by another writer. Returns false when there was nothing
 * to ask.
 */
async function verifyAgainstTarget(
  ctx: GateContext,
  plan: LanePlan,
  identity: EventIdentity,
  set: CandidateSet,
  tally: TargetTally,
): Promise<boolean> {
  const probes = probesOf(plan, identity);
  if (probes.length === 0) return false;
  const { index, explainer } = partsOf(ctx, plan);
  const properties = [
    ...new Set([
      ...plan.flow.fields.flatMap((f) => (f.property === undefined ? [] : [f.property])),
      plan.anchorProperty,
    ]),
  ];
  const records = await tally.call((c) => c.findByKeys(plan.flow.target.object, probes, properties));
  for (const record of records) {
    const profile = identityOfRecord(plan.flow, record.properties);
    const features = plan.preparer.prepare(profile);
    const keys = plan.keyFields
      .map((field) => keyOf(plan, field, features[field] ?? ''))
      .filter((k): k is string => k !== undefined && identity.exactKeys.includes(k));
    const known = index.entityOfTarget(record.id);
    if (known !== undefined) {
      set.add(known.entityId, { via: 'target', targetId: record.id, keys });
      continue;
    }
    const anchor = record.properties[plan.anchorProperty];
    if (typeof anchor === 'string' && anchor !== '' && set.has(anchor)) {
      set.add(anchor, { via: 'target', keys });
      continue;
    }
    const entityId = typeof anchor === 'string' && anchor !== '' ? anchor : `target:${record.id}`;
    set.add(entityId, {
      via: 'target',
      targetId: record.id,
      known: false,
      keys,
      explanation: explainer.explain(profile, identity.raw),
    });
  }
  return true;
}
