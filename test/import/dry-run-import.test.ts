import { afterAll, describe, expect, it } from 'vitest';
import { Gate } from '../../src/gate/gate.js';
import { runImport, type ImportSummary } from '../../src/import/run-import.js';
import type { StateStore } from '../../src/store/state-store.js';
import { gateBackends } from '../gate/backends.js';
import { hubspot } from '../gate/gate-fixture.js';
import { exportFile, seedCrm, webFormLane, WEB_FORM } from './import-fixture.js';

const backends = await gateBackends('dry run and import');

type Hub = Awaited<ReturnType<typeof hubspot>>;

async function importOnce(
  store: StateStore,
  hub: Hub,
  file: string,
  dryRun: boolean,
): Promise<ImportSummary> {
  const contract = await webFormLane(dryRun);
  const gate = new Gate({
    store,
    lanes: [contract],
    connectors: { hubspot: hub.connector },
    workers: 2,
    pollMs: 5,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
  });
  gate.start();
  try {
    return await runImport({
      gate,
      connector: hub.connector,
      lane: WEB_FORM,
      flow: contract.flow!,
      principal: 'importer',
      file,
      batchSize: 3,
    });
  } finally {
    await gate.stop();
  }
}

const counts = (s: ImportSummary) => ({
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  review: s.review,
  blocked: s.blocked,
  deadLetters: s.deadLetters,
  badRows: s.badRows,
  rows: s.rows,
});

describe.each(backends)('dry run and import on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('a dry run writes nothing, leaves the real identity state alone, and predicts the real import', async () => {
    const store = await backend.open();
    const hub = await hubspot();
    const { file, cleanup } = await exportFile();
    try {
      await seedCrm(hub.connector);
      const before = hub.emulator.records('contacts');

      const dry = await importOnce(store, hub, file, true);
      expect(dry.dryRun).toBe(true);
      expect(hub.emulator.records('contacts')).toEqual(before);
      // The real scope holds no claim, crosswalk or index entry of the dry run.
      expect(await store.indexSince('hubspot:contacts', 0)).toEqual([]);
      expect(
        await store.claimsOf('hubspot:contacts', ['email:carol.ng@hooli.com', 'email:dave@umbrella.com']),
      ).toEqual([]);
      expect(dry.problems).toEqual([
        { line: 8, path: 'payload.first_name', message: 'required by the lane contract' },
      ]);

      const real = await importOnce(store, hub, file, false);
      expect(real.dryRun).toBe(false);
      expect(real.resumed).toBe(0); // the real deliveries are not answered as replays of the dry run
      expect(counts(dry)).toEqual(counts(real));
      expect(real).toMatchObject({ created: 4, updated: 3, badRows: 1 }); // Carol once, her second row an update
      const after = hub.emulator.records('contacts');
      expect(after).toHaveLength(before.length + real.created);
      expect(after.filter((r) => r.properties.email === 'carol.ng@hooli.com')).toHaveLength(1);
    } finally {
      await cleanup();
      await hub.emulator.close();
    }
  });

  it("the explanation of a dry run's event says what would be written, by property name", async () => {
    const store = await backend.open();
    const hub = await hubspot();
    const { file, cleanup } = await exportFile();
    try {
      await seedCrm(hub.connector);
      const events: { line: number; id: string }[] = [];
      const contract = await webFormLane(true);
      const gate = new Gate({ store, lanes: [contract], connectors: { hubspot: hub.connector }, pollMs: 5 });
      gate.start();
      await runImport({
        gate,
        connector: hub.connector,
        lane: WEB_FORM,
        flow: contract.flow!,
        principal: 'importer',
        file,
        onOutcome: (o) => events.push({ line: o.line, id: o.event.id }),
      }).finally(() => gate.stop());
      const dave = await store.getEvent(events.find((e) => e.line === 5)!.id);
      expect(dave?.eventKey.startsWith('dry-run:')).toBe(true);
      expect(dave?.outcome?.explanation).toMatchObject({
        decision: 'new',
        dryRun: {
          operation: 'create',
          properties: expect.arrayContaining(['email', 'firstname', 'company']),
        },
      });
      expect(JSON.stringify(dave?.outcome?.explanation)).not.toContain('dave@umbrella.com');
      const lineage = await store.transactions(dave!.id);
      expect(JSON.stringify(lineage)).toContain('dryRun');
    } finally {
      await cleanup();
      await hub.emulator.close();
    }
  });

  it('an event of a dry run left when the lane goes live is never written', async () => {
    const store = await backend.open();
    const hub = await hubspot();
    try {
      const dry = new Gate({
        store,
        lanes: [await webFormLane(true)],
        connectors: { hubspot: hub.connector },
      });
      const payload = {
        email: 'ivy@wayne.com',
        first_name: 'Ivy',
        last_name: 'Lee',
        form_id: 'f1',
        submitted_at: '2025-06-01T10:00:00Z',
      };
      const [accepted] = await dry.submit(WEB_FORM, 'importer', [{ payload }]);
      const live = new Gate({
        store,
        lanes: [await webFormLane(false)],
        connectors: { hubspot: hub.connector },
        pollMs: 5,
        retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 },
      });
      await live.drain();
      const event = await store.getEvent(accepted!.id);
      expect(event?.status).toBe('dead_letter');
      expect(event?.outcome?.error).toContain('an event of its dry run is never written');
      expect(hub.emulator.records('contacts')).toEqual([]);
      // The same person delivered to the live lane is a new event, and written.
      const [real] = await live.submit(WEB_FORM, 'importer', [{ payload }]);
      expect(real?.duplicate).toBe(false);
      await live.drain();
      expect(hub.emulator.records('contacts')).toHaveLength(1);
    } finally {
      await hub.emulator.close();
    }
  });

  it("an operator's create or match on a dry run's review item writes nothing either", async () => {
    const store = await backend.open();
    const hub = await hubspot();
    try {
      await hub.connector.create('contacts', { email: 'bob@smith.io', firstname: 'Bob', lastname: 'Smith' });
      await hub.connector.create('contacts', { phone: '+14155550177', firstname: 'Jane', lastname: 'Doe' });
      const before = hub.emulator.records('contacts');
      const gate = new Gate({
        store,
        lanes: [await webFormLane(true)],
        connectors: { hubspot: hub.connector },
        pollMs: 5,
      });
      const base = { form_id: 'f1', submitted_at: '2025-06-01T10:00:00Z' };
      // Keys of two records, one of them a different person: review.
      const ambiguous = {
        ...base,
        first_name: 'Bob',
        last_name: 'Smith',
        email: 'bob@smith.io',
        phone: '(415) 555-0177',
      };
      await gate.submit(WEB_FORM, 'importer', [
        { eventKey: 'a', payload: ambiguous },
        { eventKey: 'b', payload: ambiguous },
      ]);
      await gate.drain();
      const items = await store.listReview('open');
      expect(items).toHaveLength(2);
      const [first, second] = items;
      const created = await gate.resolveReview(first!.id, {
        action: 'create',
        operator: 'ops',
        reason: 'a new person',
      });
      expect(created.status).toBe('written');
      expect(created.outcome?.targetId).toMatch(/^dry-run-/);
      const matched = await gate.resolveReview(second!.id, {
        action: 'match',
        targetId: before[0]!.id,
        operator: 'ops',
        reason: 'Bob',
      });
      expect(matched.status).toBe('written');
      expect(hub.emulator.records('contacts')).toEqual(before);
      expect(await store.indexSince('hubspot:contacts', 0)).toEqual([]);
    } finally {
      await hub.emulator.close();
    }
  });
});
