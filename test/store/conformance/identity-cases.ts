import { describe, expect, it } from 'vitest';
import { SCOPE, type ConformanceContext } from './context.js';

export function identityCases(context: ConformanceContext): void {
  describe('claims', () => {
    it('takes every key or none', async () => {
      const store = await context.fresh();
      expect(
        await store.claim(SCOPE, ['email:ann@acme.com', 'phone:+14155550100'], 'entity-1', 'evt-1'),
      ).toEqual({
        ok: true,
      });
      expect(await store.claimsOf(SCOPE, ['phone:+14155550100', 'email:ann@acme.com'])).toEqual([
        { key: 'email:ann@acme.com', entityId: 'entity-1', eventId: 'evt-1' },
        { key: 'phone:+14155550100', entityId: 'entity-1', eventId: 'evt-1' },
      ]);

      const refused = await store.claim(
        SCOPE,
        ['domain:acme.com', 'phone:+14155550100', 'email:bob@acme.com'],
        'entity-2',
        'evt-2',
      );
      expect(refused).toEqual({
        ok: false,
        owners: [{ key: 'phone:+14155550100', entityId: 'entity-1', eventId: 'evt-1' }],
      });
      expect(await store.claimsOf(SCOPE, ['domain:acme.com', 'email:bob@acme.com'])).toEqual([]);
      expect(await store.claim('salesforce:contacts', ['phone:+14155550100'], 'entity-2', 'evt-2')).toEqual({
        ok: true,
      });
      expect(await store.claimsOf(SCOPE, [])).toEqual([]);
    });

    it('accepts an entity claiming keys it already owns, and keeps the first claim', async () => {
      const store = await context.fresh();
      expect((await store.claim(SCOPE, ['email:a@x.com', 'phone:1'], 'entity-1', 'evt-1')).ok).toBe(true);
      expect((await store.claim(SCOPE, ['email:a@x.com', 'phone:1'], 'entity-1', 'evt-2')).ok).toBe(true);
      expect((await store.claim(SCOPE, ['phone:1', 'name:ann lee'], 'entity-1', 'evt-3')).ok).toBe(true);
      expect(await store.claimsOf(SCOPE, ['email:a@x.com', 'phone:1', 'name:ann lee'])).toEqual([
        { key: 'email:a@x.com', entityId: 'entity-1', eventId: 'evt-1' },
        { key: 'name:ann lee', entityId: 'entity-1', eventId: 'evt-3' },
        { key: 'phone:1', entityId: 'entity-1', eventId: 'evt-1' },
      ]);
    });

    it('gives a key raced for by many entities to exactly one, and the losers claim nothing', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      for (let round = 0; round < 3; round++) {
        const shared = `email:shared-${round}@acme.com`;
        const entities = Array.from({ length: 8 }, (_, i) => `entity-${round}-${i}`);
        const results = await Promise.all(
          entities.map((entity, i) => {
            const own = `phone:${round}-${i}`;
            const keys = i % 2 === 0 ? [own, shared] : [shared, own];
            return (i % 2 === 0 ? store : other).claim(SCOPE, keys, entity, `evt-${entity}`);
          }),
        );
        const winners = entities.filter((_, i) => results[i]?.ok);
        expect(winners).toHaveLength(1);
        const [owner] = await store.claimsOf(SCOPE, [shared]);
        expect(owner?.entityId).toBe(winners[0]);
        const owned = await store.claimsOf(
          SCOPE,
          entities.map((_, i) => `phone:${round}-${i}`),
        );
        expect(owned.map((claim) => claim.entityId)).toEqual(winners);
        for (const result of results) {
          if (!result.ok) expect(result.owners.map((claim) => claim.entityId)).toEqual(winners);
        }
      }
    });

    it('binds the target id to all claims of an entity, and to its later claims', async () => {
      const store = await context.fresh();
      await store.claim(SCOPE, ['email:a@x.com', 'phone:1'], 'entity-1', 'evt-1');
      await store.claim(SCOPE, ['email:b@x.com'], 'entity-2', 'evt-2');
      await store.claim('salesforce:contacts', ['email:a@x.com'], 'entity-1', 'evt-1');
      await store.bindEntity(SCOPE, 'entity-1', 'hs-101');
      expect(await store.claimsOf(SCOPE, ['email:a@x.com', 'phone:1', 'email:b@x.com'])).toEqual([
        { key: 'email:a@x.com', entityId: 'entity-1', targetId: 'hs-101', eventId: 'evt-1' },
        { key: 'email:b@x.com', entityId: 'entity-2', eventId: 'evt-2' },
        { key: 'phone:1', entityId: 'entity-1', targetId: 'hs-101', eventId: 'evt-1' },
      ]);
      expect((await store.claimsOf('salesforce:contacts', ['email:a@x.com']))[0]?.targetId).toBeUndefined();
      await store.claim(SCOPE, ['name:ann lee'], 'entity-1', 'evt-3');
      expect((await store.claimsOf(SCOPE, ['name:ann lee']))[0]?.targetId).toBe('hs-101');
    });
  });

  describe('crosswalk', () => {
    it('stores, reads and overwrites the target of a source record, per scope and source system', async () => {
      const store = await context.fresh();
      expect(await store.crosswalkGet(SCOPE, 'zendesk', 'zd-1')).toBeUndefined();
      const entry = {
        scope: SCOPE,
        sourceSystem: 'zendesk',
        sourceId: 'zd-1',
        targetId: 'hs-1',
        entityId: 'entity-1',
      };
      await store.crosswalkPut(entry);
      expect(await store.crosswalkGet(SCOPE, 'zendesk', 'zd-1')).toEqual(entry);
      await store.crosswalkPut({ ...entry, targetId: 'hs-2', entityId: 'entity-2' });
      expect(await store.crosswalkGet(SCOPE, 'zendesk', 'zd-1')).toEqual({
        ...entry,
        targetId: 'hs-2',
        entityId: 'entity-2',
      });
      expect(await store.crosswalkGet(SCOPE, 'stripe', 'zd-1')).toBeUndefined();
      expect(await store.crosswalkGet('salesforce:contacts', 'zendesk', 'zd-1')).toBeUndefined();
    });
  });

  describe('lookup', () => {
    it("reads an event's status, its source record's crosswalk entry and the claims on its keys", async () => {
      const store = await context.fresh();
      const [accepted] = await store.accept([
        { lane: 'l', eventKey: 'k', principal: 'p', payload: { email: 'a@x.com' } },
      ]);
      const eventId = accepted!.id;
      await store.claim(SCOPE, ['email:a@x.com', 'phone:1'], 'entity-1', eventId);
      await store.claim(SCOPE, ['email:b@x.com'], 'entity-2', 'evt-2');
      await store.bindEntity(SCOPE, 'entity-1', 'hs-1');
      const entry = {
        scope: SCOPE,
        sourceSystem: 'zendesk',
        sourceId: 'zd-1',
        targetId: 'hs-1',
        entityId: 'entity-1',
      };
      await store.crosswalkPut(entry);
      const keys = ['phone:1', 'email:b@x.com', 'email:c@x.com', 'email:a@x.com'];
      expect(
        await store.lookup({ eventId, scope: SCOPE, keys, source: { system: 'zendesk', id: 'zd-1' } }),
      ).toEqual({
        status: 'accepted',
        crosswalk: entry,
        claims: await store.claimsOf(SCOPE, keys),
      });
      expect((await store.lookup({ eventId, scope: SCOPE, keys })).claims).toHaveLength(3);
      expect(
        await store.lookup({
          eventId: 'no-such-event',
          scope: 'other',
          keys: [],
          source: { system: 'zendesk', id: 'zd-2' },
        }),
      ).toEqual({ claims: [] });
    });
  });

  describe('identity index', () => {
    it('returns the latest version of each target after a seq, in seq order', async () => {
      const store = await context.fresh();
      await store.indexPut(SCOPE, 'hs-1', 'entity-1', { email: 'ann@acme.com' });
      await store.indexPut(SCOPE, 'hs-2', 'entity-2', { email: 'bob@acme.com' });
      await store.indexPut('salesforce:contacts', 'sf-1', 'entity-1', { email: 'ann@acme.com' });
      await store.indexPut(SCOPE, 'hs-1', 'entity-1', { email: 'ann@acme.com', phone: '+14155550100' });

      const all = await store.indexSince(SCOPE, 0);
      expect(all.map((entry) => [entry.targetId, entry.identity])).toEqual([
        ['hs-2', { email: 'bob@acme.com' }],
        ['hs-1', { email: 'ann@acme.com', phone: '+14155550100' }],
      ]);
      expect(all[0]).toMatchObject({ scope: SCOPE, entityId: 'entity-2' });
      const [second, first] = [all[0]?.seq ?? 0, all[1]?.seq ?? 0];
      expect(first).toBeGreaterThan(second);
      const other = await store.indexSince('salesforce:contacts', 0);
      expect(other[0]?.seq).toBeGreaterThan(second);
      expect(other[0]?.seq).toBeLessThan(first);
      expect((await store.indexSince(SCOPE, second)).map((entry) => entry.targetId)).toEqual(['hs-1']);
      expect(await store.indexSince(SCOPE, first)).toEqual([]);
    });

    it('lets an incremental reader see every concurrent put exactly at its latest seq', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const seen = new Map<string, number>();
      let cursor = 0;
      const read = async (): Promise<void> => {
        for (const entry of await store.indexSince(SCOPE, cursor)) {
          expect(entry.seq).toBeGreaterThan(cursor);
          seen.set(entry.targetId, entry.seq);
          cursor = entry.seq;
        }
      };
      let writing = true;
      const reader = (async () => {
        while (writing) {
          await read();
          await new Promise(setImmediate);
        }
      })();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 === 0 ? store : other).indexPut(SCOPE, `hs-${i}`, `entity-${i}`, {
            email: `p${i}@acme.com`,
          }),
        ),
      );
      writing = false;
      await reader;
      await read();
      expect(seen.size).toBe(30);
      const seqs = [...seen.values()];
      expect(new Set(seqs).size).toBe(30);
    });
  });
}
