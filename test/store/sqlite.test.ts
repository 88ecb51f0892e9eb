import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteConnection } from '../../src/store/sqlite/connection.js';
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
  it("acknowledges what it accepts once the WAL is flushed to disk; the gate's steps without a flush", async () => {
    const store = new SqliteStateStore({ path: newFile() });
    try {
      await store.migrate();
      expect(store.durability()).toEqual({
        journalMode: 'wal',
        synchronous: 1,
        walFlushes: 0,
        checkpoints: 'commit',
      });
      const [accepted] = await store.accept([
        { lane: 'l', eventKey: 'k', principal: 'p', payload: { email: 'kim@example.com' } },
      ]);
      expect(store.durability().walFlushes).toBe(1);
      await store.lease('worker-1', 1, 60_000);
      await store.claim('hubspot:contacts', ['email:kim@example.com'], 'entity-1', accepted!.id);
      await store.finish(accepted!.id, {
        status: 'review',
        decision: 'review',
        explanation: null,
        keys: [],
        apiCalls: 0,
        gateMs: 0,
        targetMs: 0,
      });
      expect(store.durability().walFlushes).toBe(1);
      const [item] = await store.listReview('open');
      await store.resolveReview(item!.id, {
        action: 'reject',
        operator: 'ops',
        reason: 'spam',
        resolvedAt: new Date().toISOString(),
      });
      expect(store.durability().walFlushes).toBe(2);
      // Concurrent requests share a commit and a flush.
      await Promise.all(
        ['a', 'b', 'c'].map((key) =>
          store.accept([{ lane: 'l', eventKey: key, principal: 'p', payload: {} }]),
        ),
      );
      expect(store.durability().walFlushes).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('checkpoints on a thread of its own once the WAL has grown', async () => {
    const path = newFile();
    const store = new SqliteStateStore({ path });
    try {
      await store.migrate();
      const payload = { note: 'x'.repeat(3000) };
      for (let batch = 0; batch < 40; batch++) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.accept([{ lane: 'l', eventKey: `k-${batch}-${i}`, principal: 'p', payload }]),
          ),
        );
        for (let i = 0; i < 10; i++) await store.lease('worker', 1, 60_000);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(store.durability().checkpoints).toBe('thread');
      expect((await store.countByStatus()).processing).toBe(400);
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

  it('commits a group of writes together; one that throws fails alone and leaves nothing behind', async () => {
    const conn = new SqliteConnection(newFile(), 1000);
    try {
      conn.db.exec('CREATE TABLE t (name TEXT PRIMARY KEY, seen INTEGER NOT NULL)');
      const insert = (name: string) => () => {
        const { n } = conn.db.prepare('SELECT count(*) AS n FROM t').get() as { n: number };
        conn.db.prepare('INSERT INTO t (name, seen) VALUES (?, ?)').run(name, n);
        return n;
      };
      // Asked for in one turn of the event loop: one group, one transaction.
      const writes = [
        conn.write('process', insert('a')),
        conn.write('process', () => {
          insert('b')();
          throw new Error('b refused after writing');
        }),
        conn.write('durable', insert('c')),
        conn.write('process', insert('a')),
        conn.write('process', insert('d')),
      ];
      const settled = await Promise.allSettled(writes);
      expect(settled.map((s) => s.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({
        message: 'b refused after writing',
      });
      expect(String((settled[3] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
      // Each write saw the ones before it as committed, and none of the failed ones.
      expect(conn.db.prepare('SELECT name, seen FROM t ORDER BY name').all()).toEqual([
        { name: 'a', seen: 0 },
        { name: 'c', seen: 1 },
        { name: 'd', seen: 2 },
      ]);
      expect(conn.db.inTransaction).toBe(false);
      // A group of one that throws rolls back alone too.
      await expect(
        conn.write('process', () => {
          insert('e')();
          throw new Error('e refused');
        }),
      ).rejects.toThrow('e refused');
      expect(conn.db.prepare("SELECT count(*) AS n FROM t WHERE name = 'e'").get()).toEqual({ n: 0 });
    } finally {
      await conn.close();
    }
  });
});
