import { describe, expect, it } from 'vitest';
import type {
  ReviewResolution,
  ReviewWrite,
  StateStore,
  WriteEffects,
} from '../../../src/store/state-store.js';
import { SCOPE, acceptOne, expectStoreError, outcome, type ConformanceContext } from './context.js';

const effects: WriteEffects = {
  scope: SCOPE,
  bind: { entityId: 'entity-1', targetId: 'hs-101' },
  crosswalk: { sourceSystem: 'zendesk', sourceId: 'zd-1', targetId: 'hs-101', entityId: 'entity-1' },
  index: { targetId: 'hs-101', entityId: 'entity-1', identity: { email: 'ann@acme.com' } },
};

/** Everything `effects` writes, as read back through the port. */
async function recorded(store: StateStore): Promise<unknown> {
  return {
    claims: await store.claimsOf(SCOPE, ['email:ann@acme.com']),
    crosswalk: await store.crosswalkGet(SCOPE, 'zendesk', 'zd-1'),
    index: (await store.indexSince(SCOPE, 0)).map(({ targetId, entityId, identity }) => ({
      targetId,
      entityId,
      identity,
    })),
  };
}

async function inReview(store: StateStore, eventKey: string): Promise<{ eventId: string; itemId: string }> {
  const eventId = await acceptOne(store, eventKey);
  await store.lease('worker-1', 1, 60_000);
  await store.finish(eventId, outcome('review'), { review: { reason: 'two records', candidates: [] } });
  const item = (await store.listReview('open')).find((review) => review.eventId === eventId);
  if (item === undefined) throw new Error('no review item was opened');
  return { eventId, itemId: item.id };
}

const matched: ReviewResolution = {
  action: 'match',
  targetId: 'hs-101',
  operator: 'ops@acme.com',
  reason: 'same person',
  resolvedAt: '2025-05-01T10:00:00.000Z',
};

const reviewWrite: ReviewWrite = {
  outcome: outcome('written', {
    decision: 'match',
    operation: 'update',
    explanation: { rule: 'operator:match', operator: 'ops@acme.com' },
  }),
  effects,
  detail: { operation: 'update', skipped: ['phone'] },
};

export function writeCases(context: ConformanceContext): void {
  describe('finishWrite', () => {
    it('records the effects of a write with the outcome and its lineage row', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-1');
      await store.lease('worker-1', 1, 60_000);
      await store.claim(SCOPE, ['email:ann@acme.com'], 'entity-1', id);
      const written = outcome('written');
      await store.finishWrite(id, written, effects);
      expect(await store.getEvent(id)).toMatchObject({ status: 'written', outcome: written });
      expect((await store.transactions(id)).map((row) => row.action)).toEqual(['written']);
      expect(await recorded(store)).toEqual({
        claims: [{ key: 'email:ann@acme.com', entityId: 'entity-1', targetId: 'hs-101', eventId: id }],
        crosswalk: { scope: SCOPE, ...effects.crosswalk },
        index: [effects.index],
      });
    });

    it('records only the effects given', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-1');
      await store.claim(SCOPE, ['email:ann@acme.com'], 'entity-1', id);
      await store.finishWrite(id, outcome('written'), { scope: SCOPE });
      expect(await recorded(store)).toEqual({
        claims: [{ key: 'email:ann@acme.com', entityId: 'entity-1', eventId: id }],
        crosswalk: undefined,
        index: [],
      });
    });

    it('refuses a terminal event and an unknown one, recording none of the effects', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-1');
      await store.claim(SCOPE, ['email:ann@acme.com'], 'entity-1', id);
      await store.finish(id, outcome('dead_letter'));
      const before = await recorded(store);
      await expectStoreError(store.finishWrite(id, outcome('written'), effects), 'already_terminal');
      await expectStoreError(store.finishWrite('no-such-event', outcome('written'), effects), 'not_found');
      expect(await recorded(store)).toEqual(before);
      expect((await store.getEvent(id))?.status).toBe('dead_letter');
      expect(await store.transactions(id)).toHaveLength(1);
    });

    it('lets exactly one of two racing finishes through', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const id = await acceptOne(store, 'e-race');
      const settled = await Promise.allSettled([
        store.finishWrite(id, outcome('written'), effects),
        other.finishWrite(id, outcome('written', { targetId: 'hs-202' }), {
          ...effects,
          index: { ...effects.index!, targetId: 'hs-202' },
        }),
      ]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(await store.transactions(id)).toHaveLength(1);
      expect(await store.indexSince(SCOPE, 0)).toHaveLength(1);
    });
  });

  describe('claim with a target id', () => {
    it("binds the entity's earlier and new claims to the record, in the claim's transaction", async () => {
      const store = await context.fresh();
      await store.claim(SCOPE, ['email:a@x.com'], 'entity-1', 'evt-1');
      expect(await store.claim(SCOPE, ['phone:1'], 'entity-1', 'evt-2', 'hs-7')).toEqual({ ok: true });
      expect(await store.claimsOf(SCOPE, ['email:a@x.com', 'phone:1'])).toEqual([
        { key: 'email:a@x.com', entityId: 'entity-1', targetId: 'hs-7', eventId: 'evt-1' },
        { key: 'phone:1', entityId: 'entity-1', targetId: 'hs-7', eventId: 'evt-2' },
      ]);
      expect(await store.claim(SCOPE, [], 'entity-1', 'evt-3', 'hs-8')).toEqual({ ok: true });
      expect((await store.claimsOf(SCOPE, ['phone:1']))[0]?.targetId).toBe('hs-8');
    });

    it('binds nothing when the claim is refused', async () => {
      const store = await context.fresh();
      await store.claim(SCOPE, ['email:a@x.com'], 'entity-1', 'evt-1');
      await store.claim(SCOPE, ['phone:1'], 'entity-2', 'evt-2');
      const refused = await store.claim(SCOPE, ['email:a@x.com', 'phone:1'], 'entity-1', 'evt-3', 'hs-7');
      expect(refused.ok).toBe(false);
      expect((await store.claimsOf(SCOPE, ['email:a@x.com']))[0]?.targetId).toBeUndefined();
    });
  });

  describe('a resolution that writes', () => {
    it('moves the event from review to written with its outcome, effects and one lineage row', async () => {
      const store = await context.fresh();
      const { eventId, itemId } = await inReview(store, 'e-review');
      await store.claim(SCOPE, ['email:ann@acme.com'], 'entity-1', eventId);
      await store.resolveReview(itemId, matched, reviewWrite);
      expect(await store.getEvent(eventId)).toMatchObject({
        status: 'written',
        outcome: reviewWrite.outcome,
      });
      expect((await store.getReview(itemId))?.resolution).toEqual(matched);
      expect((await recorded(store)) as object).toMatchObject({
        claims: [{ targetId: 'hs-101' }],
        crosswalk: { targetId: 'hs-101' },
        index: [effects.index],
      });
      const rows = await store.transactions(eventId);
      expect(rows.map((row) => row.action)).toEqual(['review', 'review_match']);
      expect(rows[1]?.detail).toEqual({
        reviewId: itemId,
        operator: 'ops@acme.com',
        reason: 'same person',
        targetId: 'hs-101',
        operation: 'update',
        skipped: ['phone'],
      });
      expect(await store.countByStatus()).toMatchObject({ review: 0, written: 1 });
    });

    it('records a rejection in the lineage and leaves the event in review', async () => {
      const store = await context.fresh();
      const { eventId, itemId } = await inReview(store, 'e-review');
      await store.resolveReview(itemId, { ...matched, action: 'reject', targetId: undefined });
      expect((await store.getEvent(eventId))?.status).toBe('review');
      expect((await store.transactions(eventId)).at(-1)).toMatchObject({
        action: 'review_reject',
        detail: { reviewId: itemId, operator: 'ops@acme.com', reason: 'same person' },
      });
    });

    it('is the only way out of review, and takes it once', async () => {
      const store = await context.fresh();
      const { eventId, itemId } = await inReview(store, 'e-review');
      await expectStoreError(store.finishWrite(eventId, outcome('written'), effects), 'already_terminal');
      await expectStoreError(store.finish(eventId, outcome('written')), 'already_terminal');
      await expectStoreError(
        store.resolveReview(itemId, { ...matched, action: 'reject' }, reviewWrite),
        'wrong_status',
      );
      await expectStoreError(
        store.resolveReview(itemId, matched, {
          ...reviewWrite,
          outcome: outcome('dead_letter'),
        }),
        'wrong_status',
      );
      expect((await store.getReview(itemId))?.status).toBe('open');
      expect(await recorded(store)).toEqual({ claims: [], crosswalk: undefined, index: [] });

      await store.resolveReview(itemId, matched, reviewWrite);
      const after = await store.getEvent(eventId);
      await expectStoreError(store.resolveReview(itemId, matched, reviewWrite), 'already_resolved');
      expect(await store.getEvent(eventId)).toEqual(after);
      expect(await store.transactions(eventId)).toHaveLength(2);
    });

    it('lets exactly one of two racing resolutions write', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const { eventId, itemId } = await inReview(store, 'e-review');
      const created: ReviewWrite = {
        ...reviewWrite,
        outcome: outcome('written', { decision: 'new', targetId: 'hs-202' }),
        effects: { scope: SCOPE, index: { ...effects.index!, targetId: 'hs-202', entityId: 'entity-2' } },
      };
      const settled = await Promise.allSettled([
        store.resolveReview(itemId, matched, reviewWrite),
        other.resolveReview(itemId, { ...matched, action: 'create', targetId: 'hs-202' }, created),
      ]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const winner = settled[0]?.status === 'fulfilled' ? reviewWrite : created;
      expect((await store.getEvent(eventId))?.outcome).toEqual(winner.outcome);
      expect(await store.indexSince(SCOPE, 0)).toHaveLength(1);
      expect(await store.transactions(eventId)).toHaveLength(2);
    });
  });
}
