import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { PostgresStateStore } from '../../src/store/postgres/postgres-state-store.js';
import { describeStateStoreConformance } from './state-store-conformance.js';
import { testPostgres } from './postgres-test-db.js';

const postgres = await testPostgres('store');

// Skipped only when PostgreSQL does not answer outside CI (testPostgres warned); in CI that is a failure.
describe.skipIf(postgres === undefined)('postgres state store', () => {
  if (postgres === undefined) return;
  afterAll(() => postgres.cleanup());

  describeStateStoreConformance('postgres', {
    newDatabase: async () => ({
      kind: 'postgres',
      url: postgres.url,
      schema: await postgres.reusableSchema(),
    }),
    release: async (config) => {
      if (config.kind === 'postgres' && config.schema !== undefined) await postgres.recycle(config.schema);
    },
    capabilities: { locksAcrossStores: true },
  });

  describe('migrations', () => {
    const admin = new pg.Pool({ connectionString: postgres.url, max: 1 });
    afterAll(() => admin.end());

    it('are applied once when four processes start on an empty schema at the same time', async () => {
      const schema = await postgres.createSchema();
      const stores = Array.from(
        { length: 4 },
        () => new PostgresStateStore({ connectionString: postgres.url, schema }),
      );
      try {
        await Promise.all(stores.map((store) => store.migrate()));
        await Promise.all(stores.map((store) => store.migrate()));
        const { rows } = await admin.query(
          `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
        );
        expect(rows).toEqual(POSTGRES_MIGRATIONS.map((migration) => ({ version: migration.version })));
        const results = await Promise.all(
          stores.map((store) => store.accept([{ lane: 'l', eventKey: 'k', principal: 'p', payload: {} }])),
        );
        expect(results.flat().filter((result) => !result.duplicate)).toHaveLength(1);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });

    it('refuses a schema name that is not a plain identifier', () => {
      expect(
        () => new PostgresStateStore({ connectionString: postgres.url, schema: 'x; DROP TABLE events' }),
      ).toThrow(/invalid PostgreSQL schema name/);
    });
  });
});
