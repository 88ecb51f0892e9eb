import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStateStore } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import type { ScaleStore } from './gateway-config.js';

/** PostgreSQL of the soak script (the tests pass their own URL). No password: trust or PGPASSWORD. */
export const DEFAULT_PG_URL = process.env.LANEKEEPER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new schema name no other run uses; the gateway's migration creates it. */
export function freshSchema(label: string): string {
  return `lk_${label}_${randomBytes(4).toString('hex')}`;
}

/** Drops a schema a run made. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The harness's own connection to the gateways' store: to watch progress and to check the outcome. */
export function openScaleStore(store: ScaleStore): Promise<StateStore> {
  return openStateStore(
    store.kind === 'sqlite'
      ? { kind: 'sqlite', path: store.path }
      : { kind: 'postgres', url: store.url, schema: store.schema },
  );
}

/** Waits until no stored event is `accepted` or `processing` (retries due later count as not settled). */
export async function waitSettled(store: StateStore, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const counts = await store.countByStatus();
    if (counts.accepted + counts.processing === 0) return;
    if (performance.now() > deadline)
      throw new Error(
        `events did not settle within ${timeoutMs} ms: ${counts.accepted} accepted, ${counts.processing} processing`,
      );
    await sleep(50);
  }
}
