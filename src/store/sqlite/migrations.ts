import type { Migration } from '../migration.js';

/**
 * SQLite schema, as an ordered list of versions. A version, once released, never changes: add a new one.
 * Times are ISO-8601 text (UTC, milliseconds), which sorts as time; JSON is text.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'state store',
    sql: `
      CREATE TABLE events (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        lane TEXT NOT NULL,
        event_key TEXT NOT NULL,
        principal TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('accepted', 'processing', 'written', 'review', 'dead_letter')),
        attempts INTEGER NOT NULL DEFAULT 0,
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        not_before TEXT,
        lease_owner TEXT,
        lease_until TEXT,
        last_error TEXT,
        outcome TEXT,
        UNIQUE (lane, event_key)
      );
      CREATE INDEX events_due ON events (status, not_before);
      CREATE INDEX events_lease_expiry ON events (status, lease_until);

      CREATE TABLE claims (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        target_id TEXT,
        event_id TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX claims_entity ON claims (scope, entity_id);

      CREATE TABLE crosswalk (
        scope TEXT NOT NULL,
        source_system TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (scope, source_system, source_id)
      );

      CREATE TABLE identity_index (
        scope TEXT NOT NULL,
        target_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        identity TEXT NOT NULL,
        seq INTEGER NOT NULL UNIQUE,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (scope, target_id)
      );
      CREATE INDEX identity_index_since ON identity_index (scope, seq);

      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
      INSERT INTO counters (name, value) VALUES ('identity_index', 0);

      CREATE TABLE review_items (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events (id),
        lane TEXT NOT NULL,
        reason TEXT NOT NULL,
        candidates TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        created_at TEXT NOT NULL,
        resolution TEXT
      );
      CREATE INDEX review_items_status ON review_items (status, position);

      CREATE TABLE dead_letters (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events (id),
        lane TEXT NOT NULL,
        error TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        replays TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX dead_letters_event ON dead_letters (event_id, position);

      CREATE TABLE transactions (
        position INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        lane TEXT NOT NULL,
        principal TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX transactions_event ON transactions (event_id, position);
    `,
  },
  {
    version: 2,
    name: 'lease expiries per event',
    sql: `
      ALTER TABLE events ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    name: 'target index: records Lanekeeper did not write, removals, load progress',
    sql: `
      ALTER TABLE identity_index ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE index_loads (
        scope TEXT PRIMARY KEY,
        cursor TEXT,
        loaded INTEGER NOT NULL DEFAULT 0,
        started_at INTEGER,
        completed_at INTEGER,
        watermark INTEGER,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX crosswalk_target ON crosswalk (scope, target_id);
      CREATE INDEX claims_target ON claims (scope, target_id);
    `,
  },
  {
    version: 5,
    name: 'lane pauses and create slots (the circuit breaker)',
    sql: `
      CREATE TABLE lane_states (
        lane TEXT PRIMARY KEY,
        paused_cause TEXT CHECK (paused_cause IN ('max_creates', 'operator')),
        paused_by TEXT,
        paused_reason TEXT,
        paused_since TEXT,
        window_start TEXT
      );
      CREATE TABLE create_slots (
        lane TEXT NOT NULL,
        event_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (lane, event_id)
      );
      CREATE INDEX create_slots_at ON create_slots (lane, at);
    `,
  },
];
