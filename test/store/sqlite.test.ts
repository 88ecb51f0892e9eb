import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../src/store/sqlite/sqlite-state-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { describeStateStoreConformance } from './state-store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-store-'));
let files = 0;
const newFile = (): string => join(dir, `store-${++files}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStateStoreConformance('sqlite', {
  newDatabase: async () => ({ kind: 'sqlite', path: newFile() }),
  // The SQLite backend serves one gateway process: its locks are an in-process mutex of one store instance.
  capabilities: { locksAcrossStores: false },
});

describe('sqlite state store', () => {
  it('acknowledges only what is on disk: WAL journal, synchronous = FULL', async () => {
    const store = new SqliteStateStore({ path: newFile() });
    try {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    } finally {
      await store.close();
    }
  });

  it('records each migration once, however often migrate runs', async () => {
    const path = newFile();
    const store = new SqliteStateStore({ path });
    await store.migrate();
    await store.migrate();
    await store.close();
    const again = new SqliteStateStore({ path });
    await again.migrate();
    await again.close();
    const db = new Database(path, { readonly: true });
    try {
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(versions).toEqual(SQLITE_MIGRATIONS.map((migration) => ({ version: migration.version })));
    } finally {
      db.close();
    }
  });
});
