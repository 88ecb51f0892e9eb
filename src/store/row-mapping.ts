/**
 * Rows as both backends return them, mapped to the port's types. The backends differ only in how JSON and
 * time columns arrive, and that difference is named here once.
 */
import type {
  CrosswalkEntry,
  DeadLetter,
  EntityClaim,
  EventOutcome,
  EventStatus,
  IndexEntry,
  IndexLoadState,
  ReviewItem,
  ReviewResolution,
  StoredEvent,
  TransactionRow,
} from './state-store.js';

export interface ColumnCodec {
  json(value: unknown): unknown;
  /** An ISO-8601 timestamp with milliseconds and `Z`. */
  time(value: unknown): string;
}

/** SQLite keeps JSON as text and times as ISO text (which sorts as time). */
export const sqliteColumns: ColumnCodec = {
  json: (value) => JSON.parse(value as string),
  time: (value) => value as string,
};

/** PostgreSQL (through pg) returns json/jsonb parsed and timestamptz as `Date`. */
export const postgresColumns: ColumnCodec = {
  json: (value) => value,
  time: (value) => (value as Date).toISOString(),
};

/** JSON escapes as `JSON.stringify` writes them, with the two that no store keeps: U+0000 and a lone surrogate. */
const ESCAPES = /\\(?:u(?:0000|d[89a-f][0-9a-f]{2})|[^u])/g;

/**
 * JSON text for a column; `undefined` is stored as `null`. Intake refuses text no store can keep
 * (`storable-text.ts`), but JSON also comes from elsewhere (a target's records and errors): a NUL or a lone
 * surrogate there becomes U+FFFD, the same on every backend, instead of a PostgreSQL error that SQLite would
 * not raise. (`JSON.stringify` escapes exactly those, and writes whole surrogate pairs as they are.)
 */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  if (!json.includes('\\u')) return json;
  return json.replace(ESCAPES, (escape) => (escape.length === 6 ? '\\ufffd' : escape));
}

export interface EventRow {
  id: string;
  lane: string;
  event_key: string;
  principal: string;
  payload: unknown;
  status: EventStatus;
  attempts: number;
  takeovers: number;
  received_at: unknown;
  updated_at: unknown;
  not_before: unknown;
  last_error: string | null;
  outcome: unknown;
}

export function toStoredEvent(row: EventRow, columns: ColumnCodec): StoredEvent {
  return {
    id: row.id,
    lane: row.lane,
    eventKey: row.event_key,
    principal: row.principal,
    payload: columns.json(row.payload) as Record<string, unknown>,
    status: row.status,
    attempts: Number(row.attempts),
    takeovers: Number(row.takeovers),
    receivedAt: columns.time(row.received_at),
    updatedAt: columns.time(row.updated_at),
    ...(row.not_before === null ? {} : { notBefore: columns.time(row.not_before) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.outcome === null ? {} : { outcome: columns.json(row.outcome) as EventOutcome }),
  };
}

export interface ClaimRow {
  key: string;
  entity_id: string;
  target_id: string | null;
  event_id: string;
}

export function toEntityClaim(row: ClaimRow): EntityClaim {
  return {
    key: row.key,
    entityId: row.entity_id,
    ...(row.target_id === null ? {} : { targetId: row.target_id }),
    eventId: row.event_id,
  };
}

export interface CrosswalkRow {
  scope: string;
  source_system: string;
  source_id: string;
  target_id: string;
  entity_id: string;
}

export function toCrosswalkEntry(row: CrosswalkRow): CrosswalkEntry {
  return {
    scope: row.scope,
    sourceSystem: row.source_system,
    sourceId: row.source_id,
    targetId: row.target_id,
    entityId: row.entity_id,
  };
}

export interface IndexRow {
  scope: string;
  target_id: string;
  entity_id: string;
  identity: unknown;
  /** pg returns int8 as a string. */
  seq: number | string;
  /** SQLite: 0/1; PostgreSQL: boolean. */
  removed?: number | boolean;
}

export function toIndexEntry(row: IndexRow, columns: ColumnCodec): IndexEntry {
  return {
    scope: row.scope,
    targetId: row.target_id,
    entityId: row.entity_id,
    identity: columns.json(row.identity) as Record<string, string>,
    seq: Number(row.seq),
    ...(row.removed === 1 || row.removed === true ? { removed: true as const } : {}),
  };
}

export interface IndexLoadRow {
  cursor: string | null;
  loaded: number | string;
  started_at: number | string | null;
  completed_at: number | string | null;
  watermark: number | string | null;
}

export function toIndexLoadState(row: IndexLoadRow): IndexLoadState {
  const n = (v: number | string | null): number | undefined => (v === null ? undefined : Number(v));
  const startedAt = n(row.started_at);
  const completedAt = n(row.completed_at);
  const watermark = n(row.watermark);
  return {
    ...(row.cursor === null ? {} : { cursor: row.cursor }),
    loaded: Number(row.loaded),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(completedAt === undefined ? {} : { completedAt }),
    ...(watermark === undefined ? {} : { watermark }),
  };
}

/** An index load state as the columns of `index_loads`, in their order. */
export function indexLoadColumns(state: IndexLoadState): (string | number | null)[] {
  return [
    state.cursor ?? null,
    state.loaded,
    state.startedAt ?? null,
    state.completedAt ?? null,
    state.watermark ?? null,
  ];
}

export interface ReviewRow {
  id: string;
  event_id: string;
  lane: string;
  reason: string;
  candidates: unknown;
  status: 'open' | 'resolved';
  created_at: unknown;
  resolution: unknown;
}

export function toReviewItem(row: ReviewRow, columns: ColumnCodec): ReviewItem {
  return {
    id: row.id,
    eventId: row.event_id,
    lane: row.lane,
    reason: row.reason,
    candidates: columns.json(row.candidates),
    status: row.status,
    createdAt: columns.time(row.created_at),
    ...(row.resolution === null ? {} : { resolution: columns.json(row.resolution) as ReviewResolution }),
  };
}

export interface DeadLetterRow {
  id: string;
  event_id: string;
  lane: string;
  error: string;
  payload: unknown;
  created_at: unknown;
  replays: unknown;
}

export function toDeadLetter(row: DeadLetterRow, columns: ColumnCodec): DeadLetter {
  return {
    id: row.id,
    eventId: row.event_id,
    lane: row.lane,
    error: row.error,
    payload: columns.json(row.payload) as Record<string, unknown>,
    createdAt: columns.time(row.created_at),
    replays: columns.json(row.replays) as DeadLetter['replays'],
  };
}

export interface TransactionTableRow {
  event_id: string;
  lane: string;
  principal: string;
  action: string;
  detail: unknown;
  at: unknown;
}

export function toTransactionRow(row: TransactionTableRow, columns: ColumnCodec): TransactionRow {
  return {
    eventId: row.event_id,
    lane: row.lane,
    principal: row.principal,
    action: row.action,
    detail: columns.json(row.detail),
    at: columns.time(row.at),
  };
}
