import { afterEach, describe, expect, it } from 'vitest';
import { CoalescingConnector } from '../../src/connectors/coalescing-connector.js';
import { ConnectorError } from '../../src/connectors/target-connector.js';
import type { HubSpotEmulatorOptions } from '../../src/emulators/hubspot/index.js';
import { startHubSpotHarness, type HubSpotHarness } from './hubspot/hubspot-harness.js';

const open: HubSpotHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function rig(
  options: { maxInFlight?: number; emulator?: HubSpotEmulatorOptions; attempts?: number } = {},
): Promise<HubSpotHarness & { batching: CoalescingConnector }> {
  const h = await startHubSpotHarness(
    options.emulator ?? {},
    options.attempts === undefined ? {} : { retry: { attempts: options.attempts, baseDelayMs: 1 } },
  );
  open.push(h);
  return { ...h, batching: new CoalescingConnector(h.connector, { maxInFlight: options.maxInFlight ?? 1 }) };
}

describe('CoalescingConnector', () => {
  it('sends upserts made at the same time as one batch call, each caller getting its own record', async () => {
    const { batching, connector, emulator } = await rig();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        batching.upsertByAnchor('contacts', `entity-${i}`, { firstname: `N${i}` }),
      ),
    );
    expect(connector.apiCalls).toBe(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(40);
    expect(results.every((r) => r.created)).toBe(true);
    const records = emulator.records('contacts');
    for (const [i, r] of results.entries())
      expect(records.find((x) => x.id === r.id)?.properties['lanekeeper_id']).toBe(`entity-${i}`);
  });

  it('with lingerMs, lets a batch that is not full wait for calls made a little later, and sends a full one at once', async () => {
    const h = await startHubSpotHarness({});
    open.push(h);
    const spaced = async (batching: CoalescingConnector, from: number): Promise<void> => {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 10; i++) {
        calls.push(batching.upsertByAnchor('contacts', `entity-${from + i}`, { firstname: `N${i}` }));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await Promise.all(calls);
    };
    const before = h.connector.apiCalls;
    await spaced(new CoalescingConnector(h.connector, { maxInFlight: 1 }), 0);
    const eager = h.connector.apiCalls - before;
    expect(eager).toBeGreaterThan(2);

    const lingering = new CoalescingConnector(h.connector, { maxInFlight: 1, lingerMs: 2_000 });
    const mid = h.connector.apiCalls;
    await spaced(lingering, 100);
    expect(h.connector.apiCalls - mid).toBe(1);

    // A full batch does not wait for the linger.
    const full = Array.from({ length: h.connector.batchLimit }, (_, i) =>
      lingering.upsertByAnchor('contacts', `entity-${1000 + i}`, {}),
    );
    const started = performance.now();
    await Promise.all(full);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(() => new CoalescingConnector(h.connector, { lingerMs: -1 })).toThrow(/lingerMs/);
  });

  it('splits past the batch limit and keeps a second input for one anchor for a later batch', async () => {
    const { batching, connector, emulator } = await rig();
    const calls = [
      ...Array.from({ length: 150 }, (_, i) => batching.upsertByAnchor('contacts', `e-${i}`, {})),
      batching.upsertByAnchor('contacts', 'e-0', { firstname: 'again' }),
      batching.upsertByAnchor('contacts', 'e-149', { firstname: 'again' }),
    ];
    const results = await Promise.all(calls);
    // 100, then the other 50 with the repeat of e-0; the repeat of e-149 waits for a third batch.
    expect(connector.apiCalls).toBe(3);
    expect(results[151]).toEqual({ id: results[149]!.id, created: false });
    expect(results[150]).toEqual({ id: results[0]!.id, created: false });
    expect(emulator.records('contacts')).toHaveLength(150);
  });

  it('answers a batch the target refuses as a whole input by input: each caller gets its own outcome', async () => {
    const { batching, connector, emulator } = await rig();
    // Two anchors giving one email to two records: HubSpot refuses the whole batch.
    const [a, b, c] = await Promise.allSettled([
      batching.upsertByAnchor('contacts', 'e-a', { email: 'same@example.com' }),
      batching.upsertByAnchor('contacts', 'e-b', { email: 'same@example.com' }),
      batching.upsertByAnchor('contacts', 'e-c', { email: 'other@example.com' }),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    expect(c.status).toBe('fulfilled');
    expect(connector.apiCalls).toBe(4);
    expect(emulator.records('contacts')).toHaveLength(2);
  });

  it('finds the input that made a large batch fail as a whole by halves, not one call per input', async () => {
    const { batching, connector, emulator } = await rig();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        batching.upsertByAnchor('contacts', `e-${i}`, {
          email: i === 39 ? 'person-0@example.com' : `person-${i}@example.com`,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(emulator.records('contacts')).toHaveLength(39);
    // 1 refused batch, then halves: far fewer than the 41 calls of going input by input.
    expect(connector.apiCalls).toBeLessThan(20);
  });

  it('fails every caller of a batch with the error that remained after the retries', async () => {
    const { batching, emulator } = await rig({ attempts: 2 });
    emulator.injectFault({ kind: 'status', status: 503 }, { times: 2 });
    const settled = await Promise.allSettled([
      batching.upsertByAnchor('contacts', 'e-1', {}),
      batching.upsertByAnchor('contacts', 'e-2', {}),
    ]);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      expect((s as PromiseRejectedResult).reason).toBeInstanceOf(ConnectorError);
      expect((s as PromiseRejectedResult).reason).toMatchObject({ kind: 'retryable', status: 503 });
    }
    expect(emulator.records('contacts')).toHaveLength(0);
  });

  it('hands each caller of a shared key lookup only the records holding its own values', async () => {
    const { batching, connector } = await rig();
    const ann = await connector.create('contacts', { email: 'ann@example.com', firstname: 'Ann' });
    const bob = await connector.create('contacts', { email: 'bob@example.com', firstname: 'Bob' });
    const before = connector.apiCalls;
    const [forAnn, forBob, forNobody, forBoth] = await Promise.all([
      batching.findByKeys('contacts', [{ property: 'email', value: 'ANN@example.com' }], ['firstname']),
      batching.findByKeys('contacts', [{ property: 'email', value: 'bob@example.com' }], ['firstname']),
      batching.findByKeys('contacts', [{ property: 'email', value: 'cy@example.com' }], ['firstname']),
      batching.findByKeys(
        'contacts',
        [
          { property: 'email', value: 'ann@example.com' },
          { property: 'email', value: 'bob@example.com' },
        ],
        ['firstname'],
      ),
    ]);
    expect(connector.apiCalls).toBe(before + 1);
    expect(forAnn.map((r) => r.id)).toEqual([ann.id]);
    expect(forBob.map((r) => r.id)).toEqual([bob.id]);
    expect(forNobody).toEqual([]);
    expect(forBoth.map((r) => r.id).sort()).toEqual([ann.id, bob.id].sort());
  });

  it('batches updates and reads; an unknown id fails only its own caller', async () => {
    const { batching, connector } = await rig();
    const a = await connector.create('contacts', { firstname: 'Ann' });
    const b = await connector.create('contacts', { firstname: 'Bob' });
    const before = connector.apiCalls;
    const [ua, unknown, ub] = await Promise.allSettled([
      batching.update('contacts', a.id, { firstname: 'Anna' }),
      batching.update('contacts', '999999', { firstname: 'X' }),
      batching.update('contacts', b.id, { firstname: 'Robert' }),
    ]);
    expect(ua).toMatchObject({ status: 'fulfilled', value: { id: a.id } });
    expect(unknown).toMatchObject({ status: 'rejected', reason: { kind: 'not_found' } });
    expect(ub).toMatchObject({ status: 'fulfilled', value: { id: b.id } });
    const [ra, rb] = await Promise.all([
      batching.read('contacts', [a.id], ['firstname']),
      batching.read('contacts', [b.id, '999999'], ['firstname']),
    ]);
    expect(connector.apiCalls).toBe(before + 2);
    expect(ra.map((r) => r.properties['firstname'])).toEqual(['Anna']);
    expect(rb.map((r) => r.properties['firstname'])).toEqual(['Robert']);
  });

  it('sends a call made alone at once, as the plain call', async () => {
    const { batching, connector } = await rig();
    const result = await batching.upsertByAnchor('contacts', 'e-1', { firstname: 'Ann' });
    expect(result.created).toBe(true);
    expect(connector.apiCalls).toBe(1);
    expect(() => new CoalescingConnector(connector, { maxInFlight: 0 })).toThrow(/maxInFlight/);
  });
});
