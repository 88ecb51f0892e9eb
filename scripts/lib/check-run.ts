import type { LaneFlow } from '../../src/contract/index.js';
import type { RecordView } from '../../src/emulators/hubspot/index.js';
import { eventKeyOf } from '../../src/gate/event-key.js';
import { DEFAULT_ANCHOR_PROPERTY, propertiesOf } from '../../src/gate/lane-plan.js';
import { scoreRun, type LandedWrite } from '../../src/demo/score-run.js';
import {
  EVENT_STATUSES,
  TERMINAL_STATUSES,
  type EventStatus,
  type StateStore,
  type StoredEvent,
} from '../../src/store/state-store.js';
import type { Ack, Posting } from './event-poster.js';

/** A posting with its ground truth: the real person it is about. */
export interface TruthPosting extends Posting {
  readonly person: number;
}

/** What a run left behind, counted against what was posted and who the events were really about. */
export interface RunFigures {
  readonly postings: number;
  /** Distinct (lane, event key) among the postings: the events the store must hold, no more, no fewer. */
  readonly distinctKeys: number;
  /** Distinct event ids the gateways acknowledged (202). */
  readonly acknowledged: number;
  /** Events in the store. */
  readonly stored: number;
  readonly byStatus: Readonly<Record<EventStatus, number>>;
  /** Records in the target. */
  readonly records: number;
  /** Distinct entities the outcomes say were created (each record carries its entity as its anchor). */
  readonly createdEntities: number;
  /** Distinct entities written outcomes name (created or updated): exactly the records' anchors. */
  readonly entities: number;
  /**
   * Records whose entity no outcome reports as created: for each, the event that claimed the entity's keys
   * and the operation its outcome reports instead.
   */
  readonly createsNotRecorded: readonly { entity: string; claimedBy: string; reported: string }[];
  /** Second (third, …) records of one true person. */
  readonly duplicates: number;
  /** Duplicates of people none of whose events went to review (the gate had no doubt, yet wrote twice). */
  readonly unexplainedDuplicates: number;
  /** Records holding two or more true people. */
  readonly falseMerges: number;
  /** Every way the run broke an invariant, in words; empty when it kept them all. */
  readonly problems: readonly string[];
  /**
   * How many of `problems` are about events and records (lost, not terminal, written twice, records no
   * outcome accounts for), not about who is who (unexplained duplicates, false merges).
   */
  readonly bookkeepingProblems: number;
}

const SHOWN = 5;
/** The identity space of the example lanes: HubSpot contacts. */
const SCOPE = 'hubspot:contacts';

/**
 * Checks invariants 3 and 4 and the absence of duplicates after a run:
 * - every acknowledged event is stored, exactly once per (lane, event key), and terminal;
 * - each event has exactly one terminal lineage row (one outcome, never two writes);
 * - the target holds exactly one record per entity the outcomes name, each carrying its anchor as made by
 *   the gate, and no record that no outcome accounts for;
 * - no true person has two records unless one of their events went to review.
 */
export async function checkRun(options: {
  readonly store: StateStore;
  readonly postings: readonly TruthPosting[];
  readonly acks: readonly Ack[];
  readonly records: readonly RecordView[];
  readonly flows: ReadonlyMap<string, LaneFlow>;
}): Promise<RunFigures> {
  const { store, postings, acks, records, flows } = options;
  const problems: string[] = [];
  const note = (list: readonly string[], message: (shown: string) => string): void => {
    if (list.length > 0)
      problems.push(message(`${list.slice(0, SHOWN).join(', ')}${list.length > SHOWN ? ', …' : ''}`));
  };

  const idOfKey = new Map<string, string>();
  const keyOfId = new Map<string, string>();
  const splitKeys: string[] = [];
  const sharedIds: string[] = [];
  const unacknowledged: number[] = [];
  postings.forEach((p, i) => {
    const ack = acks[i];
    if (ack === undefined) return void unacknowledged.push(i);
    const flow = flows.get(p.lane);
    if (flow === undefined) throw new Error(`no flow for lane ${p.lane}`);
    const key = `${p.lane}|${eventKeyOf(flow, p.submission.payload, p.submission.eventKey)}`;
    const earlier = idOfKey.get(key);
    if (earlier === undefined) idOfKey.set(key, ack.id);
    else if (earlier !== ack.id) splitKeys.push(key);
    const owner = keyOfId.get(ack.id);
    if (owner === undefined) keyOfId.set(ack.id, key);
    else if (owner !== key) sharedIds.push(ack.id);
  });
  note(unacknowledged.map(String), (s) => `${unacknowledged.length} postings were never acknowledged: ${s}`);
  note(splitKeys, (s) => `${splitKeys.length} event keys were stored as two events: ${s}`);
  note(sharedIds, (s) => `${sharedIds.length} event ids were given to two event keys: ${s}`);

  const byStatus = await store.countByStatus();
  const stored = EVENT_STATUSES.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  if (stored !== keyOfId.size)
    problems.push(`the store holds ${stored} events, ${keyOfId.size} were acknowledged`);

  const events = new Map<string, StoredEvent>();
  const missing: string[] = [];
  const open: string[] = [];
  const twice: string[] = [];
  for (const id of keyOfId.keys()) {
    const event = await store.getEvent(id);
    if (event === undefined) {
      missing.push(id);
      continue;
    }
    events.set(id, event);
    if (!TERMINAL_STATUSES.includes(event.status)) open.push(`${id} (${event.status})`);
    const finishes = (await store.transactions(id)).filter((row) =>
      (TERMINAL_STATUSES as readonly string[]).includes(row.action),
    );
    if (finishes.length > 1) twice.push(`${id} (${finishes.map((r) => r.action).join(', ')})`);
    if (finishes.length === 0 && TERMINAL_STATUSES.includes(event.status)) twice.push(`${id} (no lineage)`);
  }
  note(missing, (s) => `${missing.length} acknowledged events are not in the store: ${s}`);
  note(open, (s) => `${open.length} acknowledged events are not terminal: ${s}`);
  note(twice, (s) => `${twice.length} events do not have exactly one terminal lineage row: ${s}`);

  const created = new Set<string>();
  const named = new Map<string, StoredEvent[]>();
  const targetIds = new Set<string>();
  for (const event of events.values()) {
    const outcome = event.outcome;
    if (outcome?.status !== 'written') continue;
    if (outcome.targetId !== undefined) targetIds.add(outcome.targetId);
    const entity = (outcome.explanation as { entityId?: unknown } | undefined)?.entityId;
    if (typeof entity !== 'string') continue;
    named.set(entity, [...(named.get(entity) ?? []), event]);
    if (outcome.operation === 'create') created.add(entity);
  }
  const anchors = new Map<string, string>();
  const unanchored: string[] = [];
  const sharedAnchor: string[] = [];
  for (const record of records) {
    const anchor = record.properties[DEFAULT_ANCHOR_PROPERTY];
    if (anchor === null || anchor === undefined || anchor === '') unanchored.push(record.id);
    else if (anchors.has(anchor)) sharedAnchor.push(anchor);
    else anchors.set(anchor, record.id);
  }
  const orphans = [...anchors.keys()].filter((a) => !named.has(a));
  const lost = [...named.keys()].filter((e) => !anchors.has(e));
  const recordIds = new Set(records.map((r) => r.id));
  const dangling = [...targetIds].filter((id) => !recordIds.has(id));
  note(unanchored, (s) => `${unanchored.length} target records carry no anchor (not made by the gate): ${s}`);
  note(sharedAnchor, (s) => `${sharedAnchor.length} anchors are on two records: ${s}`);
  note(orphans, (s) => `${orphans.length} records belong to no entity any outcome names: ${s}`);
  note(lost, (s) => `${lost.length} entities named by outcomes have no record in the target: ${s}`);
  note(dangling, (s) => `${dangling.length} outcomes name target records that do not exist: ${s}`);
  const createsNotRecorded = await unrecordedCreates(
    store,
    [...anchors.keys()].filter((a) => named.has(a) && !created.has(a)),
    named,
  );

  const writes: LandedWrite[] = postings.map((p, i) => {
    const event = events.get(acks[i]?.id ?? '');
    const targetId = event?.status === 'written' ? event.outcome?.targetId : undefined;
    return {
      person: p.person,
      ...(targetId === undefined ? {} : { targetId }),
      properties: propertiesOf(flows.get(p.lane)!, p.submission.payload),
    };
  });
  const score = scoreRun(records, writes);
  const reviewed = new Set(
    postings.filter((_, i) => events.get(acks[i]?.id ?? '')?.status === 'review').map((p) => p.person),
  );
  const bookkeepingProblems = problems.length;
  const unexplained = score.duplicatedPeople.filter((d) => !reviewed.has(d.person));
  const unexplainedDuplicates = unexplained.reduce((sum, d) => sum + d.records.length - 1, 0);
  note(
    unexplained.map((d) => `person ${d.person} in records ${d.records.join('+')}`),
    (s) => `${unexplained.length} people got two or more records without a review: ${s}`,
  );
  note(
    score.mergedRecords.map((m) => `record ${m.record} holds people ${m.people.join('+')}`),
    (s) => `${score.mergedRecords.length} records merge different people: ${s}`,
  );

  return {
    postings: postings.length,
    distinctKeys: idOfKey.size,
    acknowledged: keyOfId.size,
    stored,
    byStatus,
    records: records.length,
    createdEntities: created.size,
    entities: named.size,
    createsNotRecorded,
    duplicates: score.duplicates,
    unexplainedDuplicates,
    falseMerges: score.falseMerges,
    problems,
    bookkeepingProblems,
  };
}

/** For entities with a record but no `create` outcome: who claimed them, and what that event's outcome says. */
async function unrecordedCreates(
  store: StateStore,
  entities: readonly string[],
  named: ReadonlyMap<string, readonly StoredEvent[]>,
): Promise<{ entity: string; claimedBy: string; reported: string }[]> {
  const out: { entity: string; claimedBy: string; reported: string }[] = [];
  for (const entity of entities) {
    const events = named.get(entity) ?? [];
    const keys = [...new Set(events.flatMap((e) => e.outcome?.keys ?? []))];
    const claims = (await store.claimsOf(SCOPE, keys)).filter((c) => c.entityId === entity);
    const claimer = claims[0]?.eventId ?? 'unknown';
    const own = events.find((e) => e.id === claimer);
    const outcome = own?.outcome;
    out.push({
      entity,
      claimedBy: claimer,
      reported:
        outcome === undefined
          ? 'the claiming event names another entity'
          : `${outcome.decision}/${outcome.operation ?? 'none'} (${String((outcome.explanation as { rule?: unknown }).rule)})`,
    });
  }
  return out;
}
