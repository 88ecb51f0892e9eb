import { describe, expect, it } from 'vitest';
import type { CreateWindow, StateStore } from '../../../src/store/state-store.js';
import { LANE, acceptOne, type ConformanceContext } from './context.js';

const WINDOW: CreateWindow = { max: 3, windowMs: 3_600_000, label: '3 per hour' };

/** Accepts and leases `n` events; returns their ids. */
async function leased(store: StateStore, prefix: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await acceptOne(store, `${prefix}-${i}`));
  const got = await store.lease('w', n, 60_000);
  expect(got.map((e) => e.id).sort()).toEqual([...ids].sort());
  return ids;
}

export function laneCases(context: ConformanceContext): void {
  describe('lane pauses and create slots', () => {
    it('reserves up to the limit, then pauses the lane, puts the event back and records why', async () => {
      const store = await context.fresh();
      const ids = await leased(store, 'c', 5);
      for (const [i, id] of ids.slice(0, 3).entries())
        expect(await store.reserveCreate(LANE, id, WINDOW)).toEqual({ ok: true, creates: i + 1 });
      // The same event asks again (an attempt after a crash): it holds its slot already.
      expect(await store.reserveCreate(LANE, ids[0]!, WINDOW)).toEqual({ ok: true, creates: 3 });

      const refused = await store.reserveCreate(LANE, ids[3]!, WINDOW);
      expect(refused).toMatchObject({ ok: false, tripped: true, creates: 3 });
      if (refused.ok) throw new Error('unreachable');
      expect(refused.pause).toMatchObject({ cause: 'max_creates', actor: 'gate' });
      expect(refused.pause.reason).toMatch(/3 per hour/);
      // Kept, not failed: back to accepted, no attempt used.
      expect(await store.getEvent(ids[3]!)).toMatchObject({ status: 'accepted', attempts: 0 });

      // A paused lane refuses every reservation, without tripping again.
      expect(await store.reserveCreate(LANE, ids[4]!, WINDOW)).toMatchObject({ ok: false, tripped: false });
      expect(await store.getEvent(ids[4]!)).toMatchObject({ status: 'accepted', attempts: 0 });

      const [state] = await store.laneStates({ [LANE]: WINDOW.windowMs });
      expect(state).toMatchObject({ lane: LANE, creates: 3, pause: { cause: 'max_creates' } });
      const lineage = await store.transactions(`lane:${LANE}`);
      expect(lineage).toHaveLength(1);
      expect(lineage[0]).toMatchObject({ action: 'lane_paused', lane: LANE, principal: 'gate' });
      expect(lineage[0]!.detail).toMatchObject({ creates: 3, limit: '3 per hour', event: ids[3] });
    });

    it('survives a restart paused; resuming starts a new window, with operator and reason in the lineage', async () => {
      let store = await context.fresh();
      const ids = await leased(store, 'r', 5);
      for (const id of ids.slice(0, 3)) await store.reserveCreate(LANE, id, WINDOW);
      await store.reserveCreate(LANE, ids[3]!, WINDOW);
      store = await context.reopen(store);
      expect((await store.laneStates())[0]?.pause?.cause).toBe('max_creates');

      expect(
        await store.resumeLane(LANE, { actor: 'ops-ana', reason: 'checked the creates: all real' }),
      ).toBe(true);
      expect(await store.resumeLane(LANE, { actor: 'ops-ana', reason: 'again' })).toBe(false);
      const [state] = await store.laneStates({ [LANE]: WINDOW.windowMs });
      expect(state?.pause).toBeUndefined();
      expect(state?.creates).toBe(0);
      expect(state?.windowStart).toBeDefined();
      await store.lease('w', 2, 60_000);
      expect(await store.reserveCreate(LANE, ids[3]!, WINDOW)).toEqual({ ok: true, creates: 1 });
      const lineage = await store.transactions(`lane:${LANE}`);
      expect(lineage.map((row) => row.action)).toEqual(['lane_paused', 'lane_resumed']);
      expect(lineage[1]).toMatchObject({
        principal: 'ops-ana',
        detail: { reason: 'checked the creates: all real' },
      });
    });

    it('pauses by hand once; a second pause changes nothing', async () => {
      const store = await context.fresh();
      expect(await store.pauseLane(LANE, { cause: 'operator', actor: 'ops', reason: 'wrong mapping' })).toBe(
        true,
      );
      expect(await store.pauseLane(LANE, { cause: 'operator', actor: 'other', reason: 'again' })).toBe(false);
      const [state] = await store.laneStates();
      expect(state?.pause).toMatchObject({ cause: 'operator', actor: 'ops', reason: 'wrong mapping' });
      expect(Date.parse(state!.pause!.since)).toBeGreaterThan(Date.now() - 60_000);
      expect(await store.laneStates({ 'other-lane': 1000 })).toEqual([
        expect.objectContaining({ lane: LANE }),
        { lane: 'other-lane', creates: 0 },
      ]);
    });

    it('puts a leased event back without using an attempt, and counts without the lanes left out', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'p-1');
      await store.accept([{ lane: 'other', eventKey: 'o-1', principal: 'p', payload: {} }]);
      await store.lease('w', 2, 60_000);
      await store.putBack(id);
      expect(await store.getEvent(id)).toMatchObject({ status: 'accepted', attempts: 0, takeovers: 0 });
      expect(await store.countByStatus([LANE])).toMatchObject({ accepted: 0, processing: 1 });
      expect(await store.countByStatus()).toMatchObject({ accepted: 1, processing: 1 });
      // A paused lane's events are not leased; the other lane's are.
      expect((await store.lease('w', 5, 60_000, [LANE])).map((e) => e.id)).toEqual([]);
      expect((await store.lease('w', 5, 60_000)).map((e) => e.id)).toEqual([id]);
    });

    it('never hands out more slots than the limit to concurrent reservations from two stores', async () => {
      const store = await context.fresh();
      const sibling = await context.sibling(store);
      const window: CreateWindow = { max: 7, windowMs: 60_000, label: '7 per minute' };
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await acceptOne(store, `x-${i}`));
      await store.lease('w', 30, 60_000);
      const results = await Promise.all(
        ids.map((id, i) => (i % 2 === 0 ? store : sibling).reserveCreate(LANE, id, window)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(7);
      expect(results.filter((r) => !r.ok && r.tripped)).toHaveLength(1);
      expect((await store.countByStatus()).accepted).toBe(23);
    });
  });
}
