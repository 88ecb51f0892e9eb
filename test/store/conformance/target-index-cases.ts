import { describe, expect, it } from 'vitest';
import { SCOPE, type ConformanceContext } from './context.js';

export function targetIndexCases(context: ConformanceContext): void {
  describe('target index loads', () => {
    it('absorbs pages of records with their progress; a target already indexed keeps its entity', async () => {
      const store = await context.fresh();
      expect(await store.indexLoadState(SCOPE)).toBeUndefined();
      await store.indexPut(SCOPE, '101', 'written-by-gate', { email: 'ann@acme.com' });
      const changed = await store.indexAbsorb(
        SCOPE,
        [
          { targetId: '101', entityId: 'derived-101', identity: { email: 'ann@acme.com' } },
          { targetId: '102', entityId: 'derived-102', identity: { email: 'bo@acme.com' } },
        ],
        { cursor: '103', loaded: 2, startedAt: 1_700_000_000_000 },
      );
      expect(changed).toBe(1);
      expect(await store.indexLoadState(SCOPE)).toEqual({
        cursor: '103',
        loaded: 2,
        startedAt: 1_700_000_000_000,
      });
      const entries = await store.indexSince(SCOPE, 0);
      expect(entries.map((e) => [e.targetId, e.entityId])).toEqual([
        ['101', 'written-by-gate'],
        ['102', 'derived-102'],
      ]);
      const after = entries.at(-1)?.seq ?? 0;

      // A changed identity is a new version under the entity the index already had; the same one is not.
      expect(
        await store.indexAbsorb(
          SCOPE,
          [
            { targetId: '101', entityId: 'derived-101', identity: { email: 'ann@initech.com' } },
            { targetId: '102', entityId: 'derived-102', identity: { email: 'bo@acme.com' } },
          ],
          { loaded: 2, startedAt: 1_700_000_000_000, completedAt: 1_700_000_100_000, watermark: 5 },
        ),
      ).toBe(1);
      expect(await store.indexSince(SCOPE, after)).toMatchObject([
        { targetId: '101', entityId: 'written-by-gate', identity: { email: 'ann@initech.com' } },
      ]);
      expect(await store.indexLoadState(SCOPE)).toEqual({
        loaded: 2,
        startedAt: 1_700_000_000_000,
        completedAt: 1_700_000_100_000,
        watermark: 5,
      });
      const reopened = await context.reopen(store);
      expect((await reopened.indexLoadState(SCOPE))?.completedAt).toBe(1_700_000_100_000);
    });

    it('removes archived records so that readers see the removal', async () => {
      const store = await context.fresh();
      await store.indexAbsorb(
        SCOPE,
        [{ targetId: '101', entityId: 'e-101', identity: { email: 'ann@acme.com' } }],
        { loaded: 1 },
      );
      const [first] = await store.indexSince(SCOPE, 0);
      expect(await store.indexRemove(SCOPE, ['101', '999'])).toBe(1);
      expect(await store.indexRemove(SCOPE, ['101'])).toBe(0);
      const [removal] = await store.indexSince(SCOPE, first?.seq ?? 0);
      expect(removal).toMatchObject({ targetId: '101', entityId: 'e-101', removed: true });
      // A record that comes back (restored) is indexed again.
      await store.indexAbsorb(
        SCOPE,
        [{ targetId: '101', entityId: 'e-101', identity: { email: 'ann@acme.com' } }],
        { loaded: 1 },
      );
      const [back] = await store.indexSince(SCOPE, removal?.seq ?? 0);
      expect(back?.removed).toBeUndefined();
    });

    it('re-points the crosswalk, claims and index of a merged-away record to its survivor', async () => {
      const store = await context.fresh();
      await store.claim(SCOPE, ['email:ann@acme.com'], 'entity-ann', 'evt-1', '101');
      await store.crosswalkPut({
        scope: SCOPE,
        sourceSystem: 'zendesk',
        sourceId: 'z-1',
        targetId: '101',
        entityId: 'entity-ann',
      });
      await store.indexPut(SCOPE, '101', 'entity-ann', { email: 'ann@acme.com' });
      await store.indexAbsorb(
        SCOPE,
        [{ targetId: '205', entityId: 'derived-205', identity: { email: 'ann.lee@acme.com' } }],
        { loaded: 1 },
      );
      const before = (await store.indexSince(SCOPE, 0)).at(-1)?.seq ?? 0;

      expect(await store.repointTarget(SCOPE, '101', '205', 'unused')).toBe(true);
      expect(await store.crosswalkGet(SCOPE, 'zendesk', 'z-1')).toMatchObject({
        targetId: '205',
        entityId: 'derived-205',
      });
      expect(await store.claimsOf(SCOPE, ['email:ann@acme.com'])).toMatchObject([
        { entityId: 'derived-205', targetId: '205' },
      ]);
      expect(await store.indexSince(SCOPE, before)).toMatchObject([{ targetId: '101', removed: true }]);
      expect(await store.repointTarget(SCOPE, '101', '205', 'unused')).toBe(false);
    });
  });
}
