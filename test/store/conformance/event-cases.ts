import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AcceptResult, StateStore } from '../../../src/store/state-store.js';
import {
  LANE,
  acceptOne,
  expectStoreError,
  incoming,
  outcome,
  sleep,
  type ConformanceContext,
} from './context.js';

const CHILD = fileURLToPath(new URL('../accept-then-die.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the child that accepts one event and SIGKILLs itself; returns what it acknowledged. */
function acceptInDyingProcess(
  config: unknown,
  eventKey: string,
): Promise<{ result: AcceptResult; signal: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config), eventKey], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      const line = stdout.trim().split('\n').at(-1);
      if (line === undefined || line === '') reject(new Error(`child acknowledged nothing: ${stderr}`));
      else resolve({ result: JSON.parse(line) as AcceptResult, signal: String(signal) });
    });
  });
}

async function statuses(store: StateStore, ids: readonly string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await store.getEvent(id))?.status ?? 'missing'));
}

export function eventCases(context: ConformanceContext): void {
  describe('accept', () => {
    it('stores an event as accepted, with its payload, lane, key and principal', async () => {
      const store = await context.fresh();
      const before = Date.now();
      const payload = { email: 'Ann@Acme.com', tags: ['a', 'ü'], nested: { n: 1.5, none: null } };
      const [result] = await store.accept([incoming('evt-1', payload)]);
      expect(result).toMatchObject({ duplicate: false, status: 'accepted' });
      const event = await store.getEvent(result?.id ?? '');
      expect(event).toMatchObject({ lane: LANE, eventKey: 'evt-1', principal: 'forms-bot', payload });
      expect(event).toMatchObject({ status: 'accepted', attempts: 0 });
      expect(event?.outcome).toBeUndefined();
      expect(Date.parse(event?.receivedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
      expect(await store.getEvent('no-such-event')).toBeUndefined();
      expect(await store.countByStatus()).toEqual({
        accepted: 1,
        processing: 0,
        written: 0,
        review: 0,
        dead_letter: 0,
      });
    });

    it('keeps an accepted event when the store is closed and opened again', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'evt-durable');
      const reopened = await context.reopen(store);
      expect(await reopened.getEvent(id)).toMatchObject({ id, eventKey: 'evt-durable', status: 'accepted' });
    });

    it('keeps an acknowledged event when the accepting process is killed with SIGKILL', async () => {
      const store = await context.fresh();
      const { result, signal } = await acceptInDyingProcess(context.configOf(store), 'evt-crash');
      expect(signal).toBe('SIGKILL');
      expect(await store.getEvent(result.id)).toMatchObject({ eventKey: 'evt-crash', status: 'accepted' });
    }, 30_000);

    it('answers a replayed event key with the earlier event and stores nothing new', async () => {
      const store = await context.fresh();
      const first = await acceptOne(store, 'evt-1');
      await store.finish(first, outcome('written'));
      const replay = await store.accept([incoming('evt-1', { email: 'other@acme.com' }), incoming('evt-2')]);
      expect(replay[0]).toEqual({ id: first, duplicate: true, status: 'written' });
      expect(replay[1]).toMatchObject({ duplicate: false, status: 'accepted' });
      expect(replay[1]?.id).not.toBe(first);
      expect((await store.getEvent(first))?.payload).toEqual({ email: 'ann@acme.com' });

      const otherLane = await store.accept([{ ...incoming('evt-1'), lane: 'zendesk→contacts' }]);
      expect(otherLane[0]?.duplicate).toBe(false);
      const sameBatch = await store.accept([incoming('evt-3'), incoming('evt-3')]);
      expect(sameBatch[1]).toEqual({ id: sameBatch[0]?.id, duplicate: true, status: 'accepted' });
      const counts = await store.countByStatus();
      expect(counts.accepted + counts.written).toBe(4);
    });

    it('stores one event for 20 concurrent accepts of one key', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).accept([incoming('evt-race')])),
      );
      const flat = results.flat();
      expect(new Set(flat.map((result) => result.id)).size).toBe(1);
      expect(flat.filter((result) => !result.duplicate)).toHaveLength(1);
      expect((await store.countByStatus()).accepted).toBe(1);
    });

    it('keeps batch order in the results while batches sharing keys race', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const keys = ['k-a', 'k-b', 'k-c', 'k-d'];
      const [forward, backward] = await Promise.all([
        store.accept(keys.map((key) => incoming(key))),
        other.accept([...keys].reverse().map((key) => incoming(key))),
      ]);
      const idOf = new Map(forward?.map((result, i) => [keys[i], result.id]));
      expect(backward?.map((result) => result.id)).toEqual([...keys].reverse().map((key) => idOf.get(key)));
      expect((await store.countByStatus()).accepted).toBe(4);
    });

    it('answers concurrent requests each with its own results, a key shared between them stored once', async () => {
      const store = await context.fresh();
      const [first, second, none, bad] = await Promise.allSettled([
        store.accept([incoming('k-1'), incoming('k-2')]),
        store.accept([incoming('k-2'), incoming('k-3')]),
        store.accept([]),
        store.accept([incoming('k-bad', { amount: 10n })]),
      ]);
      expect(none).toEqual({ status: 'fulfilled', value: [] });
      expect(bad?.status).toBe('rejected');
      if (first?.status !== 'fulfilled' || second?.status !== 'fulfilled') throw new Error('accept failed');
      const [one, two] = [first.value, second.value];
      expect(one[0]).toMatchObject({ duplicate: false, status: 'accepted' });
      expect(two[1]).toMatchObject({ duplicate: false, status: 'accepted' });
      expect(one[1]?.id).toBe(two[0]?.id);
      expect([one[1]?.duplicate, two[0]?.duplicate].filter(Boolean)).toHaveLength(1);
      expect((await store.getEvent(two[1]?.id ?? ''))?.eventKey).toBe('k-3');
      expect((await store.countByStatus()).accepted).toBe(3);
    });

    it('is unchanged by running migrate again', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'evt-1');
      await store.migrate();
      await store.migrate();
      expect(await store.getEvent(id)).toMatchObject({ status: 'accepted' });
      expect((await store.accept([incoming('evt-1')]))[0]).toMatchObject({ id, duplicate: true });
    });
  });

  describe('lease', () => {
    it('hands out due events oldest first, up to the limit, as processing', async () => {
      const store = await context.fresh();
      const ids = (await store.accept(['e1', 'e2', 'e3'].map((key) => incoming(key)))).map((r) => r.id);
      const first = await store.lease('worker-1', 2, 60_000);
      expect(first.map((event) => event.id)).toEqual(ids.slice(0, 2));
      expect(first.every((event) => event.status === 'processing')).toBe(true);
      expect(await statuses(store, ids)).toEqual(['processing', 'processing', 'accepted']);
      expect((await store.lease('worker-2', 10, 60_000)).map((event) => event.id)).toEqual(ids.slice(2));
      expect(await store.lease('worker-3', 10, 60_000)).toEqual([]);
      expect(await store.lease('worker-3', 0, 60_000)).toEqual([]);
    });

    it('leaves the events of skipped lanes where they are, new, due or lapsed', async () => {
      const store = await context.fresh();
      const [held] = await store.accept([{ ...incoming('p1'), lane: 'paused-lane' }]);
      expect((await store.lease('worker-1', 1, 1)).map((event) => event.id)).toEqual([held!.id]);
      await sleep(30);
      const [waiting] = await store.accept([{ ...incoming('p2'), lane: 'paused-lane' }]);
      const [other] = await store.accept([incoming('o1')]);
      const leased = await store.lease('worker-2', 10, 60_000, ['paused-lane']);
      expect(leased.map((event) => event.id)).toEqual([other!.id]);
      expect(await statuses(store, [held!.id, waiting!.id])).toEqual(['processing', 'accepted']);
      const later = await store.lease('worker-3', 10, 60_000, []);
      expect(later.map((event) => event.id)).toEqual([held!.id, waiting!.id]);
    });

    it('never hands one event to two workers leasing at the same time', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const ids = (await store.accept(Array.from({ length: 30 }, (_, i) => incoming(`e${i}`)))).map(
        (r) => r.id,
      );
      const leases = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? store : other).lease(`worker-${i}`, 4, 60_000)),
      );
      const handedOut = leases.flat().map((event) => event.id);
      expect(new Set(handedOut).size).toBe(handedOut.length);
      const rest = await store.lease('sweeper', 100, 60_000);
      expect([...handedOut, ...rest.map((event) => event.id)].sort()).toEqual([...ids].sort());
    });

    it('hands out new events, due retries and expired leases together, in arrival order', async () => {
      const store = await context.fresh();
      const ids = (await store.accept(['e1', 'e2', 'e3', 'e4'].map((key) => incoming(key)))).map((r) => r.id);
      expect((await store.lease('worker-1', 1, 300)).map((event) => event.id)).toEqual([ids[0]]);
      expect((await store.lease('worker-1', 1, 60_000)).map((event) => event.id)).toEqual([ids[1]]);
      await store.retryLater(ids[1]!, 'HTTP 503', new Date(Date.now() - 1000));
      await sleep(350);
      expect((await store.lease('worker-2', 3, 60_000)).map((event) => event.id)).toEqual(ids.slice(0, 3));
      expect((await store.lease('worker-2', 3, 60_000)).map((event) => event.id)).toEqual(ids.slice(3));
    });

    it('hands an event out again once its lease has expired, and not before', async () => {
      const store = await context.fresh();
      const held = await acceptOne(store, 'e-held');
      expect((await store.lease('worker-1', 1, 60_000)).map((event) => event.id)).toEqual([held]);
      expect(await store.lease('worker-2', 1, 60_000)).toEqual([]);

      const lapsed = await acceptOne(store, 'e-lapsed');
      expect((await store.lease('worker-1', 1, 1)).map((event) => event.id)).toEqual([lapsed]);
      await sleep(30);
      const again = await store.lease('worker-2', 5, 60_000);
      expect(again.map((event) => event.id)).toEqual([lapsed]);
      expect(again[0]).toMatchObject({ status: 'processing', attempts: 0, takeovers: 1 });
    });

    it('counts each lease that ran out and was taken over, and no other lease', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-crashy');
      expect((await store.lease('worker-1', 1, 1))[0]).toMatchObject({ id, takeovers: 0 });
      await sleep(30);
      expect((await store.lease('worker-2', 1, 1))[0]).toMatchObject({ id, takeovers: 1 });
      await sleep(30);
      expect((await store.lease('worker-3', 1, 60_000))[0]).toMatchObject({ id, takeovers: 2 });
      // A retry after a failed attempt is not a takeover.
      await store.retryLater(id, 'HTTP 503', new Date(Date.now() - 1000));
      expect((await store.lease('worker-4', 1, 60_000))[0]).toMatchObject({ id, attempts: 1, takeovers: 2 });
      expect(await store.getEvent(id)).toMatchObject({ takeovers: 2 });
    });
  });

  describe('retryLater', () => {
    it('puts the event back as accepted, attempts + 1, not due before the given time', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-retry');
      await store.lease('worker-1', 1, 60_000);
      const later = new Date(Date.now() + 60_000);
      await store.retryLater(id, 'HTTP 503 from target', later);
      expect(await store.getEvent(id)).toMatchObject({
        status: 'accepted',
        attempts: 1,
        notBefore: later.toISOString(),
        lastError: 'HTTP 503 from target',
      });
      expect(await store.lease('worker-1', 10, 60_000)).toEqual([]);

      await store.retryLater(id, 'HTTP 429 from target', new Date(Date.now() - 1000));
      const [due] = await store.lease('worker-2', 10, 60_000);
      expect(due).toMatchObject({ id, attempts: 2, lastError: 'HTTP 429 from target' });
    });

    it('leaves the attempts as they are when the attempt does not count (its target was down)', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-target-down');
      await store.lease('worker-1', 1, 60_000);
      await store.retryLater(id, 'retryable (HTTP 503): down', new Date(Date.now() - 1000), false);
      expect(await store.getEvent(id)).toMatchObject({ status: 'accepted', attempts: 0 });
      await store.lease('worker-1', 1, 60_000);
      await store.retryLater(id, 'retryable (HTTP 503): down', new Date(Date.now() - 1000));
      expect(await store.getEvent(id)).toMatchObject({ status: 'accepted', attempts: 1 });
    });

    it('refuses a terminal event and an unknown one, changing nothing', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-done');
      await store.finish(id, outcome('written'));
      const before = await store.getEvent(id);
      await expectStoreError(store.retryLater(id, 'late failure', new Date()), 'already_terminal');
      expect(await store.getEvent(id)).toEqual(before);
      await expectStoreError(store.retryLater('no-such-event', 'x', new Date()), 'not_found');
    });
  });

  describe('finish', () => {
    it('records the outcome and one lineage row, and refuses a second terminal state', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-1');
      await store.lease('worker-1', 1, 60_000);
      const written = outcome('written');
      await store.finish(id, written);
      const after = await store.getEvent(id);
      expect(after).toMatchObject({ status: 'written', outcome: written });
      const lineage = await store.transactions(id);
      expect(lineage).toHaveLength(1);
      expect(lineage[0]).toMatchObject({
        eventId: id,
        lane: LANE,
        principal: 'forms-bot',
        action: 'written',
      });
      expect(lineage[0]?.detail).toMatchObject({ eventKey: 'e-1', decision: 'new', targetId: 'hs-101' });

      await expectStoreError(store.finish(id, outcome('dead_letter')), 'already_terminal');
      expect(await store.getEvent(id)).toEqual(after);
      expect(await store.transactions(id)).toHaveLength(1);
      expect(await store.listDeadLetters()).toEqual([]);
      expect(await store.listReview()).toEqual([]);
      await expectStoreError(store.finish('no-such-event', outcome('written')), 'not_found');
    });

    it('lets exactly one of two racing finishes through', async () => {
      const store = await context.fresh();
      const other = await context.sibling(store);
      const id = await acceptOne(store, 'e-race');
      const settled = await Promise.allSettled([
        store.finish(id, outcome('written')),
        other.finish(id, outcome('dead_letter')),
      ]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(await store.transactions(id)).toHaveLength(1);
      const event = await store.getEvent(id);
      expect(await store.listDeadLetters()).toHaveLength(event?.status === 'dead_letter' ? 1 : 0);
    });

    it('opens a review item with the reason and candidates for a review outcome', async () => {
      const store = await context.fresh();
      const id = await acceptOne(store, 'e-review');
      const candidates = [
        { targetId: 'hs-1', score: 0.81 },
        { targetId: 'hs-2', score: 0.79 },
      ];
      await store.finish(id, outcome('review'), {
        review: { reason: 'two candidates in the review band', candidates },
      });
      const [item] = await store.listReview('open');
      expect(item).toMatchObject({
        eventId: id,
        lane: LANE,
        reason: 'two candidates in the review band',
        candidates,
        status: 'open',
      });
      expect(item?.resolution).toBeUndefined();
      expect(await store.getReview(item?.id ?? '')).toEqual(item);
      expect((await store.getEvent(id))?.status).toBe('review');
    });

    it('dead-letters an event with its whole payload and the error', async () => {
      const store = await context.fresh();
      const payload = {
        email: 'zoë@example.com',
        phones: ['+4930 1', null],
        address: { city: 'Köln', zip: '50667' },
      };
      const id = await acceptOne(store, 'e-dead', payload);
      await store.finish(id, outcome('dead_letter', { error: 'HTTP 400: invalid phone' }));
      const [letter] = await store.listDeadLetters();
      expect(letter).toMatchObject({
        eventId: id,
        lane: LANE,
        error: 'HTTP 400: invalid phone',
        payload,
        replays: [],
      });
      expect(await store.getDeadLetter(letter?.id ?? '')).toEqual(letter);
      expect(await store.getDeadLetter('no-such-letter')).toBeUndefined();
      expect((await store.countByStatus()).dead_letter).toBe(1);
    });
  });
}
