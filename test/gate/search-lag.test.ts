import { afterAll, describe, expect, it } from 'vitest';
import { runNaiveSync } from '../../src/demo/naive-sync.js';
import { exampleLanes, gateRig, hubspot, sqliteStore, webForm, WEB_FORM } from './gate-fixture.js';

const { store, cleanup } = await sqliteStore();
afterAll(cleanup);
const flow = (await exampleLanes())[0]!.flow!;

/** One person without an email sends three forms seconds apart; another sends two with an address. */
const payloads = [
  webForm({ first_name: 'Pat', last_name: 'Ng', phone: '(415) 555-0142', submitted_at: 't1' }),
  webForm({ first_name: 'Lee', last_name: 'Ray', email: 'lee@ray.io', submitted_at: 't1' }),
  webForm({ first_name: 'Pat', last_name: 'Ng', phone: '(415) 555-0142', submitted_at: 't2' }),
  webForm({ first_name: 'Lee', last_name: 'Ray', email: 'Lee@Ray.io', submitted_at: 't2' }),
  webForm({ first_name: 'Patrick', last_name: 'Ng', phone: '(415) 555-0142', submitted_at: 't3' }),
];

/** The emulator's clock stands still: nothing written becomes searchable during the test (index lag). */
const lagging = { indexingDelayMs: 2_000, clock: { frozenAt: Date.UTC(2025, 5, 1) } };

describe('search index lag', () => {
  it('makes a search-then-create sync duplicate a person found only through search', async () => {
    const { emulator, connector } = await hubspot(lagging);
    try {
      const deliveries = payloads.map((payload) => ({ flow, payload }));
      const writes = await runNaiveSync(connector, deliveries, 1, 'search_first');
      expect(writes.map((w) => w.operation)).toEqual(['create', 'create', 'create', 'update', 'create']);
      const records = emulator.records('contacts');
      expect(records.filter((r) => r.properties.phone === '(415) 555-0142')).toHaveLength(3);
      expect(records.filter((r) => r.properties.email === 'lee@ray.io')).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });

  it('leaves the gate unaffected: its own claims and index know what it wrote', async () => {
    const rig = await gateRig(store, { emulator: lagging, gate: { workers: 1 } });
    try {
      for (const payload of payloads) await rig.gate.submit(WEB_FORM, 'forms', [{ payload }]);
      await rig.gate.drain();
      const records = rig.emulator.records('contacts');
      expect(records).toHaveLength(2);
      expect((await store.countByStatus()).written).toBe(5);
    } finally {
      await rig.close();
    }
  });

  it('still finds a record another writer just made by its email, which HubSpot reads without search', async () => {
    const fresh = await sqliteStore();
    const rig = await gateRig(fresh.store, { emulator: lagging });
    try {
      const other = await rig.connector.create('contacts', { email: 'kim@other.io', firstname: 'Kim' });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { payload: webForm({ first_name: 'Kim', last_name: 'Oh', email: 'KIM@other.io' }) },
      ]);
      await rig.gate.drain();
      expect(
        rig.emulator.records('contacts').filter((r) => r.properties.email === 'kim@other.io'),
      ).toHaveLength(1);
      const event = await fresh.store.getEvent(accepted!.id);
      expect(event?.outcome).toMatchObject({ decision: 'match', operation: 'update', targetId: other.id });
      expect(event?.outcome?.explanation).toMatchObject({
        verified: true,
        candidates: [{ targetId: other.id, known: false, via: ['target'], keys: ['email:kim@other.io'] }],
      });
    } finally {
      await rig.close();
      await fresh.cleanup();
    }
  });
});
