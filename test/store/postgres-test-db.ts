/**
 * PostgreSQL for test files: a unique schema per store, dropped afterwards. Used by the store suites and by
 * any suite (gate, server) that runs against the PostgreSQL backend:
 *
 *   const pg = await testPostgres('gate');
 *   describe.skipIf(pg === undefined)('gate on PostgreSQL', () => {
 *     afterAll(() => pg?.cleanup());
 *     it('…', async () => { const store = await pg!.openStore(); … });
 *   });
 *
 * When PostgreSQL does not answer, `testPostgres` throws in CI (`CI=true`), so the run fails instead of
 * passing without these tests; elsewhere it warns loudly and returns `undefined`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStateStore } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';

/**
 * Tests do not outlive a crash of PostgreSQL itself, so by default their commits do not wait for the disk
 * (`synchronous_commit=off`), which makes them several times faster; the store runs with the server's setting.
 */
export const TEST_PG_URL =
  process.env.LANEKEEPER_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/test?options=-c%20synchronous_commit%3Doff';

export interface TestPostgres {
  readonly url: string;
  /** Creates an empty schema with a name no other test uses; `cleanup()` drops it. */
  createSchema(): Promise<string>;
  /**
   * A schema no open store uses: one given back with `recycle` (its tables kept, their rows deleted —
   * far cheaper than migrating a new one), else a new, empty one.
   */
  reusableSchema(): Promise<string>;
  /** Gives a schema back for reuse once every store on it is closed. */
  recycle(schema: string): Promise<void>;
  /** Opens a migrated state store in a new schema; `cleanup()` closes it and drops the schema. */
  openStore(): Promise<StateStore>;
  /** Closes the stores and drops the schemas made through this handle. */
  cleanup(): Promise<void>;
}

export async function testPostgres(label: string, url = TEST_PG_URL): Promise<TestPostgres | undefined> {
  const problem = await probe(url);
  if (problem === undefined) return new SchemaPerTest(url, label);
  const message = `PostgreSQL at ${redact(url)} did not answer (${problem})`;
  if (process.env.CI === 'true') {
    throw new Error(
      `${message}; CI runs the PostgreSQL tests, so this is a failure. Set LANEKEEPER_TEST_PG_URL.`,
    );
  }
  console.warn(
    `\n!!! PostgreSQL tests SKIPPED (${label}): ${message}.\n` +
      '!!! Start PostgreSQL or set LANEKEEPER_TEST_PG_URL to run them; CI=true makes this a failure.\n',
  );
  return undefined;
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable connection URL)';
  }
}

class SchemaPerTest implements TestPostgres {
  private readonly admin: pg.Pool;
  private readonly prefix: string;
  private readonly schemas: string[] = [];
  private readonly recycled: string[] = [];
  private readonly stores: StateStore[] = [];
  private ended = false;

  constructor(
    readonly url: string,
    label: string,
  ) {
    this.admin = new pg.Pool({ connectionString: url, max: 1 });
    this.admin.on('error', () => {});
    const tag = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .slice(0, 20);
    this.prefix = `lk_test_${tag}_${randomBytes(4).toString('hex')}`;
  }

  async createSchema(): Promise<string> {
    const schema = `${this.prefix}_${this.schemas.length + 1}`;
    this.schemas.push(schema);
    await this.admin.query(`CREATE SCHEMA ${schema}`);
    return schema;
  }

  async reusableSchema(): Promise<string> {
    return this.recycled.pop() ?? this.createSchema();
  }

  async recycle(schema: string): Promise<void> {
    if (!this.schemas.includes(schema)) throw new Error(`schema ${schema} was not made by this helper`);
    const client = await this.admin.connect();
    try {
      await client.query('BEGIN');
      for (const table of await tablesToEmpty(client, schema))
        await client.query(`DELETE FROM ${schema}.${table}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    this.recycled.push(schema);
  }

  async openStore(): Promise<StateStore> {
    const store = await openStateStore({
      kind: 'postgres',
      url: this.url,
      schema: await this.createSchema(),
    });
    this.stores.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.stores.splice(0).map((store) => store.close()));
    if (this.ended) return;
    this.recycled.splice(0);
    for (const schema of this.schemas.splice(0))
      await this.admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    this.ended = true;
    await this.admin.end();
  }
}

/**
 * The schema's tables with rows to delete, each after the tables that reference it. Migration bookkeeping
 * and counters stay: a counter only has to keep increasing.
 */
async function tablesToEmpty(client: pg.PoolClient, schema: string): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'counters')`,
    [schema],
  );
  const references = await client.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
     FROM pg_constraint c
     JOIN pg_class child ON child.oid = c.conrelid
     JOIN pg_class parent ON parent.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE c.contype = 'f' AND n.nspname = $1 AND child.oid <> parent.oid`,
    [schema],
  );
  const ordered: string[] = [];
  const visit = (table: string): void => {
    if (ordered.includes(table)) return;
    for (const { child } of references.rows.filter((reference) => reference.parent === table)) visit(child);
    ordered.push(table);
  };
  for (const { name } of tables.rows) visit(name);
  return ordered;
}
