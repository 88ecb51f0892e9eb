/**
 * The state store port: everything the gate must remember, durable before it is acknowledged. Two sibling
 * backends implement it — SQLite (embedded default, one file, one gateway process) and PostgreSQL (many
 * gateway processes on one database, no other coordination) — and one conformance suite runs against both.
 *
 * Scopes: claims, the crosswalk and the identity index are kept per *target object* (`hubspot:contacts`), so
 * that every lane writing the same object shares one identity space.
 *
 * Durability: what is acknowledged to someone outside — `accept` (the intake's answer) and the operator's
 * actions (`resolveReview`, `noteReplay`, `requeue`, `addTransaction`) — is on disk when the promise
 * resolves. The gate's own steps after intake (`lease`, `retryLater`, `claim`, `bindEntity`, `crosswalkPut`,
 * `indexPut`, `finish`, `finishWrite`) survive a crash of the gateway process at once, and a power cut (or a
 * crash of the database server) once a later durable commit or a checkpoint has flushed them. A step lost
 * that way leaves its event in an earlier, non-terminal state, and the gate does it again: its writes to the
 * target are upserts by an entity id derived from the event, so a step done again is not a second write.
 */

export const EVENT_STATUSES = ['accepted', 'processing', 'written', 'review', 'dead_letter'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const TERMINAL_STATUSES: readonly EventStatus[] = ['written', 'review', 'dead_letter'];

/** One event as it arrives on a lane, before it is stored. */
export interface IncomingEvent {
  readonly lane: string;
  /** The source's event id, or a hash of a composite business key: equal keys are replays. */
  readonly eventKey: string;
  /** The lane's integration user that posted it. */
  readonly principal: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface StoredEvent extends IncomingEvent {
  readonly id: string;
  readonly status: EventStatus;
  /** Write attempts made so far. */
  readonly attempts: number;
  /**
   * Times a lease on the event ran out before its attempt ended — the process holding it died or stalled —
   * and a lease took it over. The gate dead-letters an event that keeps doing this (`maxLeaseExpiries`).
   */
  readonly takeovers: number;
  readonly receivedAt: string;
  readonly updatedAt: string;
  /** Earliest time a retry may run (ISO), while `accepted` after a failed attempt. */
  readonly notBefore?: string;
  /** The error of the last failed attempt (`retryLater`), while the event waits for another. */
  readonly lastError?: string;
  readonly outcome?: EventOutcome;
}

export interface AcceptResult {
  readonly id: string;
  /** The event key was seen before on this lane: `id` and `status` are the earlier event's. */
  readonly duplicate: boolean;
  readonly status: EventStatus;
}

/** What the gate decided and did for one event. Stored with the terminal status, in one transaction. */
export interface EventOutcome {
  readonly status: 'written' | 'review' | 'dead_letter';
  readonly decision: 'match' | 'new' | 'review' | 'block';
  /** Decision explanation (rule, fields, levels, score, guards, candidates) as JSON. */
  readonly explanation: unknown;
  readonly operation?: 'create' | 'update' | 'none';
  readonly targetId?: string;
  readonly error?: string;
  /** Identity keys used (`email:bob@acme.com`); never whole payloads. */
  readonly keys: readonly string[];
  readonly apiCalls: number;
  readonly gateMs: number;
  /**
   * Of `gateMs`, the wait for the locks of the event's keys: events ahead of it on the same keys (or fuzzy
   * twins) are resolved and written first.
   */
  readonly lockMs?: number;
  readonly targetMs: number;
}

/** An owner of identity keys in one scope: one target record, or one about to be created. */
export interface EntityClaim {
  readonly key: string;
  readonly entityId: string;
  /** Absent while the create is in flight (or was cut off by a crash). */
  readonly targetId?: string;
  /** The event that made the claim. */
  readonly eventId: string;
}

export type ClaimResult =
  | { readonly ok: true }
  /** Some keys already belong to other entities: nothing was claimed. */
  | { readonly ok: false; readonly owners: readonly EntityClaim[] };

export interface CrosswalkEntry {
  readonly scope: string;
  readonly sourceSystem: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly entityId: string;
}

/** Identity fields only (never whole payloads) of a known target record, for fuzzy resolution. */
export interface IndexEntry {
  readonly scope: string;
  readonly targetId: string;
  readonly entityId: string;
  readonly identity: Readonly<Record<string, string>>;
  /** Monotonic per store: readers refresh incrementally with `indexSince`. */
  readonly seq: number;
  /** The record left the target (archived, or merged into another): readers drop it. */
  readonly removed?: true;
}

/** A target record as the index load found it: identity fields only. */
export interface IndexedRecord {
  readonly targetId: string;
  /** Its anchor when it carries one, else an id derived from its target id. */
  readonly entityId: string;
  readonly identity: Readonly<Record<string, string>>;
}

/** How far the target index of one scope has loaded, so that a killed load resumes where it stopped. */
export interface IndexLoadState {
  /** The full listing's next page while it runs. */
  readonly cursor?: string;
  /** Records the full listing has read so far. */
  readonly loaded: number;
  /** When the full listing started (epoch ms). */
  readonly startedAt?: number;
  /** When it finished (epoch ms): from then on the index holds every record of the target. */
  readonly completedAt?: number;
  /**
   * Epoch ms: the next refresh asks for records changed from here on. The full load sets it to the CRM's
   * latest change when the load started; a refresh, to the latest change it saw less the overlap window.
   */
  readonly watermark?: number;
}

export const REVIEW_ACTIONS = ['match', 'create', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewItem {
  readonly id: string;
  readonly eventId: string;
  readonly lane: string;
  readonly reason: string;
  /** Candidates with their explanations, as JSON. */
  readonly candidates: unknown;
  readonly status: 'open' | 'resolved';
  readonly createdAt: string;
  readonly resolution?: ReviewResolution;
}

export interface ReviewResolution {
  readonly action: ReviewAction;
  /** Target record chosen when `action` is `match`. */
  readonly targetId?: string;
  readonly operator: string;
  readonly reason: string;
  readonly resolvedAt: string;
}

export interface DeadLetter {
  readonly id: string;
  readonly eventId: string;
  readonly lane: string;
  readonly error: string;
  /** The whole payload, so a replay needs nothing else. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly replays: readonly { operator: string; reason: string; at: string; refused?: string }[];
}

/** Which dead letters `listDeadLetters` returns: every given condition holds. */
export interface DeadLetterFilter {
  readonly lane?: string;
  /** The error's code: its first word (`retryable`, `rejected`, `conflict`, `not_found`, `lease_expired`, …). */
  readonly errorCode?: string;
  /** Made at or after this time. */
  readonly from?: Date;
  /** Made before this time. */
  readonly to?: Date;
  /** Only the latest dead letter of each event that is dead-lettered now (not replayed since). */
  readonly current?: boolean;
  readonly limit?: number;
}

/** The code of a stored error: its first word (`retryable (HTTP 503): …` → `retryable`). */
export function errorCodeOf(error: string): string {
  return /^[A-Za-z_][\w-]*/.exec(error)?.[0] ?? '';
}

/** The part of a `DeadLetterFilter` both backends apply after their query: the error code and the limit. */
export function selectByCode(letters: DeadLetter[], filter: DeadLetterFilter): DeadLetter[] {
  const code = filter.errorCode;
  const selected = code === undefined ? letters : letters.filter((l) => errorCodeOf(l.error) === code);
  return filter.limit === undefined ? selected : selected.slice(0, filter.limit);
}

/**
 * What a write to the target leaves in the store besides the outcome, each part only when it changes: the
 * entity's claims get the target id, the source record's crosswalk entry, the target's identity index entry.
 */
export interface WriteEffects {
  readonly scope: string;
  /** As `bindEntity`. */
  readonly bind?: { readonly entityId: string; readonly targetId: string };
  /** As `crosswalkPut`. */
  readonly crosswalk?: Omit<CrosswalkEntry, 'scope'>;
  /** As `indexPut`: identity fields only. */
  readonly index?: {
    readonly targetId: string;
    readonly entityId: string;
    readonly identity: Readonly<Record<string, string>>;
  };
}

/** An operator's `match` or `create` that the gate carried out: the event leaves `review` as `written`. */
export interface ReviewWrite {
  /** The event's outcome after the decision (status `written`), the operator's decision in its explanation. */
  readonly outcome: EventOutcome;
  readonly effects: WriteEffects;
  /** What the write did, for the lineage row (operation, ids, property names; never values). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** What the gate reads under an event's locks before it resolves the event. */
export interface EventLookup {
  readonly eventId: string;
  readonly scope: string;
  /** Exact identity keys whose claims are wanted. */
  readonly keys: readonly string[];
  /** The source record, for its crosswalk entry. */
  readonly source?: { readonly system: string; readonly id: string };
}

export interface EventLookupResult {
  /** The event's status now; absent when there is no such event. */
  readonly status?: EventStatus;
  readonly crosswalk?: CrosswalkEntry;
  /** As `claimsOf`. */
  readonly claims: readonly EntityClaim[];
}

/** One lineage row per gate action on an event. */
export interface TransactionRow {
  readonly eventId: string;
  readonly lane: string;
  readonly principal: string;
  readonly action: string;
  readonly detail: unknown;
  readonly at: string;
}

/** Why a lane is paused. */
export const PAUSE_CAUSES = ['max_creates', 'operator'] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

/** A lane that takes no events until an operator resumes it. */
export interface LanePause {
  readonly cause: PauseCause;
  /** Who paused it: an operator's name, or `gate` for the circuit breaker. */
  readonly actor: string;
  readonly reason: string;
  /** ISO time it was paused. */
  readonly since: string;
}

/** A lane's go-live state as the store keeps it; a lane never paused or limited has none. */
export interface LaneState {
  readonly lane: string;
  readonly pause?: LanePause;
  /** When its create window was last started anew (an operator resumed it); ISO. */
  readonly windowStart?: string;
  /** Creates reserved within the current window (given to `laneStates`). */
  readonly creates: number;
}

/** A lane's create limit, as the store enforces it: `max` creates within any `windowMs`. */
export interface CreateWindow {
  readonly max: number;
  readonly windowMs: number;
  /** For the pause's reason and the lineage: `200 per hour`. */
  readonly label: string;
}

export type CreateReservation =
  | { readonly ok: true; readonly creates: number }
  /**
   * No slot: the lane is paused — now, by this call (`tripped`: the window is full), or before. The event is
   * back to `accepted` (its lease cleared, no attempt used), in the same transaction.
   */
  | { readonly ok: false; readonly tripped: boolean; readonly pause: LanePause; readonly creates: number };

export interface StateStore {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * How many `withLocks` callers can hold their locks at once; more wait for a connection (PostgreSQL's
   * lock pool). Absent: no such limit.
   */
  readonly lockHolders?: number;
  /** Applies pending versioned migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Stores events in one transaction; durable when the promise resolves. Replays return the earlier event. */
  accept(events: readonly IncomingEvent[]): Promise<AcceptResult[]>;
  getEvent(id: string): Promise<StoredEvent | undefined>;
  /**
   * Hands out up to `limit` events that are `accepted` (and due) or `processing` with an expired lease, in
   * arrival order, and marks them `processing` under `worker` until now + `leaseMs`. Two workers never get
   * the same event. Events of the lanes in `skipLanes` (paused lanes, lanes whose target is down) are left
   * where they are.
   */
  lease(
    worker: string,
    limit: number,
    leaseMs: number,
    skipLanes?: readonly string[],
  ): Promise<StoredEvent[]>;
  /**
   * A failed attempt: back to `accepted`, attempts + 1, not before `notBefore`. With `countAttempt: false`
   * (the target was down: the attempt says nothing about the event) the attempts stay as they are.
   */
  retryLater(id: string, error: string, notBefore: Date, countAttempt?: boolean): Promise<void>;
  /**
   * Terminal outcome, the transaction row, and for `review` a review item / for `dead_letter` a dead letter,
   * in one transaction. Refuses (throws) if the event is already terminal.
   */
  finish(
    id: string,
    outcome: EventOutcome,
    extra?: { review?: { reason: string; candidates: unknown } },
  ): Promise<void>;
  /**
   * A finished write in one transaction: the `effects` (as `bindEntity`, `crosswalkPut` and `indexPut`), the
   * terminal outcome (`written`) and its transaction row (as `finish`). Refuses (throws, changing nothing) if
   * the event is already terminal.
   */
  finishWrite(id: string, outcome: EventOutcome, effects: WriteEffects): Promise<void>;
  /** Events by status; those of the lanes in `exceptLanes` (paused lanes, when draining) left out. */
  countByStatus(exceptLanes?: readonly string[]): Promise<Record<EventStatus, number>>;
  /**
   * Puts a leased event back to `accepted` as it was before the lease — no attempt used, no error — for a
   * lane that is paused (its events wait, they are not failed).
   */
  putBack(id: string): Promise<void>;

  /**
   * Runs `fn` holding exclusive locks on every key (taken in sorted order, so no deadlock), in this process
   * and across processes sharing the store.
   */
  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;

  /**
   * Claims every key for `entityId` atomically, or none (the database refuses a second owner). With
   * `targetId`, the entity's claims, old and new, are bound to that target record in the same transaction
   * (as `bindEntity`).
   */
  claim(
    scope: string,
    keys: readonly string[],
    entityId: string,
    eventId: string,
    targetId?: string,
  ): Promise<ClaimResult>;
  claimsOf(scope: string, keys: readonly string[]): Promise<EntityClaim[]>;
  /** Records the target id of an entity on all its claims. */
  bindEntity(scope: string, entityId: string, targetId: string): Promise<void>;

  crosswalkGet(scope: string, sourceSystem: string, sourceId: string): Promise<CrosswalkEntry | undefined>;
  /**
   * The event's current status, its source record's crosswalk entry and the claims on its keys, read
   * together (one round trip on PostgreSQL): as `getEvent`, `crosswalkGet` and `claimsOf`.
   */
  lookup(query: EventLookup): Promise<EventLookupResult>;
  crosswalkPut(entry: CrosswalkEntry): Promise<void>;

  indexPut(
    scope: string,
    targetId: string,
    entityId: string,
    identity: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** Entries with seq > `afterSeq`, in seq order (the latest version per target id), removals included. */
  indexSince(scope: string, afterSeq: number): Promise<IndexEntry[]>;

  /** The target index load's progress in a scope; absent before the first load. */
  indexLoadState(scope: string): Promise<IndexLoadState | undefined>;
  /**
   * A page of a load or refresh, in one transaction: each record's index entry, then `state`. A target id
   * already indexed keeps its entity (the one its claims and crosswalk name); an entry whose identity did
   * not change is left as it is. Returns how many entries changed.
   */
  indexAbsorb(scope: string, records: readonly IndexedRecord[], state: IndexLoadState): Promise<number>;
  /** Archived records leave the index: a removal each, seen by `indexSince` readers. Returns how many. */
  indexRemove(scope: string, targetIds: readonly string[]): Promise<number>;
  /**
   * A record the target merged into another: in one transaction, the crosswalk entries and claims of
   * `fromTargetId` (and of its entity) move to `toTargetId` and the survivor's entity — its index entry's,
   * else `survivorEntityId` — and the merged-away record leaves the index. Returns whether anything moved.
   */
  repointTarget(
    scope: string,
    fromTargetId: string,
    toTargetId: string,
    survivorEntityId: string,
  ): Promise<boolean>;

  listReview(status?: 'open' | 'resolved'): Promise<ReviewItem[]>;
  getReview(id: string): Promise<ReviewItem | undefined>;
  /**
   * Records the resolution once (a second resolution throws) with a transaction row `review_<action>`
   * (operator, reason, and `write.detail`). With `write` — a `match` or `create` the gate carried out — the
   * same transaction applies its effects and moves the event from `review` to `written` with its outcome:
   * the one way out of `review` (an event in any other status is refused with `wrong_status`).
   */
  resolveReview(id: string, resolution: ReviewResolution, write?: ReviewWrite): Promise<void>;

  /** Dead letters in the order they were made; with a filter, only those it selects. */
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  getDeadLetter(id: string): Promise<DeadLetter | undefined>;
  /** Records a replay request (or its refusal, with the reason refused) with operator and reason. */
  noteReplay(id: string, replay: { operator: string; reason: string; refused?: string }): Promise<void>;
  /** Puts a dead-lettered event back to `accepted` for another attempt (after `noteReplay`). */
  requeue(eventId: string): Promise<void>;

  /**
   * The circuit breaker, atomic across workers and processes: reserves a create slot on `lane` for the event
   * when the lane is not paused and fewer than `window.max` slots were reserved since the later of
   * now − `window.windowMs` and the lane's window start. The slot is the event's for good (asking again for
   * the same event returns ok without another slot). A full window pauses the lane (cause `max_creates`, a
   * lineage row `lane_paused`); a refusal puts the event back to `accepted` as `putBack` does.
   */
  reserveCreate(lane: string, eventId: string, window: CreateWindow): Promise<CreateReservation>;
  /**
   * Pauses a lane (durable, with a lineage row `lane_paused` whose event id is `lane:<lane>`). Returns false,
   * changing nothing, when it is paused already.
   */
  pauseLane(lane: string, pause: Omit<LanePause, 'since'>): Promise<boolean>;
  /**
   * Resumes a paused lane and starts its create window anew (durable, lineage row `lane_resumed`). Returns
   * false, changing nothing, when it is not paused.
   */
  resumeLane(lane: string, resume: { actor: string; reason: string }): Promise<boolean>;
  /** Lanes with a state (paused, or limited), their creates counted over each lane's window (ms) given. */
  laneStates(windows?: Readonly<Record<string, number>>): Promise<LaneState[]>;

  transactions(eventId: string): Promise<TransactionRow[]>;
  addTransaction(row: Omit<TransactionRow, 'at'>): Promise<void>;
}
