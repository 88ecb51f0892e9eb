import { openStateStore } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { testPostgres, type TestPostgres } from '../store/postgres-test-db.js';
import { sqliteStore } from './gate-fixture.js';

/** A state store backend the gate suites run on. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty store; closed by `cleanup`. */
  open(): Promise<StateStore>;
  /** A second store on the same database as `store` (another gateway process), when the backend has one. */
  sibling?(store: StateStore): Promise<StateStore>;
  cleanup(): Promise<void>;
}

/**
 * SQLite always; PostgreSQL when it answers (in CI a missing PostgreSQL fails the run; elsewhere
 * `testPostgres` warns loudly and the PostgreSQL cases are skipped).
 */
export async function gateBackends(label: string): Promise<Backend[]> {
  const pg = await testPostgres(label);
  return [sqliteBackend(), ...(pg === undefined ? [] : [postgresBackend(pg)])];
}

function sqliteBackend(): Backend {
  const cleanups: (() => Promise<void>)[] = [];
  return {
    name: 'sqlite',
    open: async () => {
      const { store, cleanup } = await sqliteStore();
      cleanups.push(cleanup);
      return store;
    },
    cleanup: async () => {
      for (const c of cleanups.splice(0)) await c();
    },
  };
}

function postgresBackend(pg: TestPostgres): Backend {
  const schemas = new Map<StateStore, string>();
  const extra: StateStore[] = [];
  return {
    name: 'postgres',
    open: async () => {
      const schema = await pg.createSchema();
      const store = await openStateStore({ kind: 'postgres', url: pg.url, schema });
      schemas.set(store, schema);
      extra.push(store);
      return store;
    },
    sibling: async (store) => {
      const schema = schemas.get(store);
      if (schema === undefined) throw new Error('not a store of this backend');
      const sibling = await openStateStore({ kind: 'postgres', url: pg.url, schema });
      extra.push(sibling);
      return sibling;
    },
    cleanup: async () => {
      await Promise.all(extra.splice(0).map((s) => s.close()));
      await pg.cleanup();
    },
  };
}
