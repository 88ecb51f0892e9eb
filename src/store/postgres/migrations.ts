import type { Migration } from '../migration.js';

/**
 * PostgreSQL schema, as an ordered list of versions, applied inside the store's schema (`search_path`). A
 * version, once released, never changes: add a new one. Payloads are `json` (kept byte for byte, as
 * received); JSON the store edits in place is `jsonb`.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'state store',
    sql: `
      CREATE TABLE events (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        lane text NOT NULL,
        event_key text NOT NULL,
        principal text NOT NULL,
        payload json NOT NULL,
        status text NOT NULL
          CHECK (status IN ('accepted', 'processing', 'written', 'review', 'dead_letter')),
        attempts integer NOT NULL DEFAULT 0,
        received_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        not_before timestamptz,
        lease_owner text,
        lease_until timestamptz,
        last_error text,
        outcome json,
        UNIQUE (lane, event_key)
      );
      CREATE INDEX events_due ON events (status, not_before);
      CREATE INDEX events_lease_expiry ON events (status, lease_until);

      CREATE TABLE claims (
        scope text NOT NULL,
        key text NOT NULL,
        entity_id text NOT NULL,
        target_id text,
        event_id text NOT NULL,
        claimed_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX claims_entity ON claims (scope, entity_id);

      CREATE TABLE crosswalk (
        scope text NOT NULL,
        source_system text NOT NULL,
        source_id text NOT NULL,
        target_id text NOT NULL,
        entity_id text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (scope, source_system, source_id)
      );

      CREATE TABLE identity_index (
        scope text NOT NULL,
        target_id text NOT NULL,
        entity_id text NOT NULL,
        identity jsonb NOT NULL,
        seq bigint NOT NULL UNIQUE,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (scope, target_id)
      );
      CREATE INDEX identity_index_since ON identity_index (scope, seq);

      CREATE TABLE counters (
        name text PRIMARY KEY,
        value bigint NOT NULL
      );
      INSERT INTO counters (name, value) VALUES ('identity_index', 0);

      CREATE TABLE review_items (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        event_id text NOT NULL REFERENCES events (id),
        lane text NOT NULL,
        reason text NOT NULL,
        candidates json NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'resolved')),
        created_at timestamptz NOT NULL,
        resolution json
      );
      CREATE INDEX review_items_status ON review_items (status, position);

      CREATE TABLE dead_letters (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        event_id text NOT NULL REFERENCES events (id),
        lane text NOT NULL,
        error text NOT NULL,
        payload json NOT NULL,
        created_at timestamptz NOT NULL,
        replays jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX dead_letters_event ON dead_letters (event_id, position);

      CREATE TABLE transactions (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id text NOT NULL,
        lane text NOT NULL,
        principal text NOT NULL,
        action text NOT NULL,
        detail json NOT NULL,
        at timestamptz NOT NULL
      );
      CREATE INDEX transactions_event ON transactions (event_id, position);
    `,
  },
  {
    version: 2,
    name: 'events ready for a lease, in arrival order',
    sql: `
      CREATE INDEX events_ready ON events (position) WHERE status = 'accepted' AND not_before IS NULL;
    `,
  },
  {
    version: 3,
    name: 'lease expiries per event',
    sql: `
      ALTER TABLE events ADD COLUMN takeovers integer NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    name: 'target index: records Lanekeeper did not write, removals, load progress',
    sql: `
      ALTER TABLE identity_index ADD COLUMN removed boolean NOT NULL DEFAULT false;
      CREATE TABLE index_loads (
        scope text PRIMARY KEY,
        cursor text,
        loaded bigint NOT NULL DEFAULT 0,
        started_at bigint,
        completed_at bigint,
        watermark bigint,
        updated_at timestamptz NOT NULL
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
        lane text PRIMARY KEY,
        paused_cause text CHECK (paused_cause IN ('max_creates', 'operator')),
        paused_by text,
        paused_reason text,
        paused_since timestamptz,
        window_start timestamptz
      );
      CREATE TABLE create_slots (
        lane text NOT NULL,
        event_id text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (lane, event_id)
      );
      CREATE INDEX create_slots_at ON create_slots (lane, at);
    `,
  },
];
