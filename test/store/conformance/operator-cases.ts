import { describe, expect, it } from 'vitest';
import type { ReviewResolution, StateStore } from '../../../src/store/state-store.js';
import { LANE, acceptOne, expectStoreError, incoming, outcome, type ConformanceContext } from './context.js';

async function reviewItemId(store: StateStore, eventKey: string): Promise<string> {
  const id = await acceptOne(store, eventKey);
  await store.finish(id, outcome('review'), { review: { reason: 'shared address', candidates: [] } });
  const item = (await store.listReview()).find((review) => review.eventId === id);
  if (item === undefined) throw new Error('no review item was opened');
  return item.id;
}

async function deadLettered(
  store: StateStore,
  eventKey: string,
): Promise<{ eventId: string; letterId: string }> {
  const eventId = await acceptOne(store, eventKey, { email: 'kim@example.com', plan: 'pro' });
  await store.finish(eventId, outcome('dead_letter'));
  const letter = (await store.listDeadLetters()).findLast((dead) => dead.eventId === eventId);
  if (letter === undefined) throw new Error('no dead letter was written');
  return { eventId, letterId: letter.id };
}

const resolution: ReviewResolution = {
  action: 'match',
  targetId: 'hs-7',
  operator: 'ops@acme.com',
  reason: 'same person, new address',
  resolvedAt: '2025-05-01T10:00:00.000Z',
};

export function operatorCases(context: ConformanceContext): void {
  describe('review queue', () => {
    it('records a resolution once; a second one is refused and changes nothing', async () => {
      const store = await context.fresh();
      const id = await reviewItemId(store, 'e-review');
      await store.resolveReview(id, resolution);
      const resolved = await store.getReview(id);
      expect(resolved).toMatchObject({ status: 'resolved', resolution });
      await expectStoreError(
        store.resolveReview(id, { ...resolution, action: 'create', operator: 'someone-else' }),
        'already_resolved',
      );
      expect(await store.getReview(id)).toEqual(resolved);
      expect(await store.listReview('open')).toEqual([]);
      expect(await store.listReview('resolved')).toEqual([resolved]);
      expect(await store.listReview()).toEqual([resolved]);
      await expectStoreError(store.resolveReview('no-such-item', resolution), 'not_found');
      expect(await store.getReview('no-such-item')).toBeUndefined();
    });

    it('lets exactly one of two racing resolutions through', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const id = await reviewItemId(store, 'e-review');
      const settled = await Promise.allSettled([
        store.resolveReview(id, resolution),
        other.resolveReview(id, { ...resolution, action: 'reject' }),
      ]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    });

    it('lists open items oldest first', async () => {
      const store = await context.fresh();
      const ids = [
        await reviewItemId(store, 'e-1'),
        await reviewItemId(store, 'e-2'),
        await reviewItemId(store, 'e-3'),
      ];
      await store.resolveReview(ids[1] ?? '', resolution);
      expect((await store.listReview('open')).map((item) => item.id)).toEqual([ids[0], ids[2]]);
    });
  });

  describe('dead letters', () => {
    it('records replay requests and refusals with operator, reason and time', async () => {
      const store = await context.fresh();
      const { letterId } = await deadLettered(store, 'e-dead');
      await store.noteReplay(letterId, { operator: 'ops@acme.com', reason: 'phone fixed at source' });
      await store.noteReplay(letterId, {
        operator: 'ops@acme.com',
        reason: 'again',
        refused: 'already written',
      });
      const replays = (await store.getDeadLetter(letterId))?.replays ?? [];
      expect(replays).toMatchObject([
        { operator: 'ops@acme.com', reason: 'phone fixed at source' },
        { operator: 'ops@acme.com', reason: 'again', refused: 'already written' },
      ]);
      expect(replays[0]).not.toHaveProperty('refused');
      expect(replays.every((replay) => !Number.isNaN(Date.parse(replay.at)))).toBe(true);
      await expectStoreError(store.noteReplay('no-such-letter', { operator: 'o', reason: 'r' }), 'not_found');
    });

    it('lists dead letters by lane, error code, time range and whether they are current', async () => {
      const store = await context.fresh();
      const before = new Date(Date.now() - 1000);
      const [other] = await store.accept([{ ...incoming('e-other'), lane: 'other-lane' }]);
      await store.finish(other!.id, outcome('dead_letter', { error: 'retryable (HTTP 503): down' }));
      const refused = await deadLettered(store, 'e-refused');
      const expired = await acceptOne(store, 'e-expired');
      await store.finish(expired, outcome('dead_letter', { error: 'lease_expired: died' }));
      const ids = async (filter: Parameters<StateStore['listDeadLetters']>[0]) =>
        (await store.listDeadLetters(filter)).map((l) => l.eventId);

      expect(await ids({ lane: LANE })).toEqual([refused.eventId, expired]);
      expect(await ids({ errorCode: 'lease_expired' })).toEqual([expired]);
      expect(await ids({ errorCode: 'HTTP' })).toEqual([refused.eventId]);
      expect(await ids({ errorCode: 'retryable', lane: LANE })).toEqual([]);
      expect(await ids({ from: before, to: new Date(Date.now() + 60_000) })).toHaveLength(3);
      expect(await ids({ to: before })).toEqual([]);
      expect(await ids({ from: new Date(Date.now() + 60_000) })).toEqual([]);
      expect(await ids({ limit: 2 })).toEqual([other!.id, refused.eventId]);

      // A replayed event's dead letter stays on record but is no longer current.
      await store.noteReplay(refused.letterId, { operator: 'ops@acme.com', reason: 'fixed' });
      await store.requeue(refused.eventId);
      expect(await ids({ current: true })).toEqual([other!.id, expired]);
      expect(await ids({})).toHaveLength(3);
      await store.lease('worker-1', 10, 60_000);
      await store.finish(refused.eventId, outcome('dead_letter', { error: 'HTTP 400 again' }));
      expect((await store.listDeadLetters({ current: true })).map((l) => l.error)).toEqual([
        'retryable (HTTP 503): down',
        'lease_expired: died',
        'HTTP 400 again',
      ]);
    });

    it('requeues a dead-lettered event only after a recorded, not refused, replay request', async () => {
      const store = await context.fresh();
      const { eventId, letterId } = await deadLettered(store, 'e-dead');
      await expectStoreError(store.requeue(eventId), 'replay_not_recorded');
      await store.noteReplay(letterId, { operator: 'ops@acme.com', reason: 'retry', refused: 'target down' });
      await expectStoreError(store.requeue(eventId), 'replay_not_recorded');
      expect((await store.getEvent(eventId))?.status).toBe('dead_letter');

      await store.noteReplay(letterId, { operator: 'ops@acme.com', reason: 'phone fixed at source' });
      await store.requeue(eventId);
      const requeued = await store.getEvent(eventId);
      expect(requeued).toMatchObject({ status: 'accepted', attempts: 0 });
      expect(requeued?.outcome).toBeUndefined();
      await expectStoreError(store.requeue(eventId), 'wrong_status');
      expect((await store.lease('worker-1', 10, 60_000)).map((event) => event.id)).toEqual([eventId]);

      await store.finish(eventId, outcome('dead_letter', { error: 'HTTP 400 again' }));
      expect(await store.listDeadLetters()).toHaveLength(2);
      await expectStoreError(store.requeue(eventId), 'replay_not_recorded');
      expect((await store.transactions(eventId)).map((row) => row.action)).toEqual([
        'dead_letter',
        'requeue',
        'dead_letter',
      ]);
      await expectStoreError(store.requeue('no-such-event'), 'not_found');
    });
  });

  describe('transactions', () => {
    it("lists an event's lineage rows in the order they were added", async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-1');
      const otherId = await acceptOne(store, 'e-2');
      await store.addTransaction({
        eventId: id,
        lane: LANE,
        principal: 'forms-bot',
        action: 'resolve',
        detail: { k: 1 },
      });
      await store.addTransaction({
        eventId: otherId,
        lane: LANE,
        principal: 'forms-bot',
        action: 'resolve',
        detail: null,
      });
      await store.addTransaction({
        eventId: id,
        lane: LANE,
        principal: 'forms-bot',
        action: 'write',
        detail: ['x'],
      });
      await store.finish(id, outcome('written'));
      const rows = await store.transactions(id);
      expect(rows.map((row) => [row.action, row.detail])).toEqual([
        ['resolve', { k: 1 }],
        ['write', ['x']],
        ['written', expect.objectContaining({ eventKey: 'e-1' })],
      ]);
      expect(rows.every((row) => row.eventId === id && !Number.isNaN(Date.parse(row.at)))).toBe(true);
      expect(await store.transactions('no-such-event')).toEqual([]);
    });
  });
}
