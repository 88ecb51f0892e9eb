import { afterAll, describe, expect, it } from 'vitest';
import type { GateEvent } from '../../src/gate/gate-events.js';
import { PROVENANCE_PROPERTY } from '../../src/gate/values-policy.js';
import { gateRig, sqliteStore, webForm, ENRICHMENT, HELP_DESK, WEB_FORM } from './gate-fixture.js';

const { store, cleanup } = await sqliteStore();
const seen: GateEvent[] = [];
const rig = await gateRig(store, { gate: { onEvent: (e) => seen.push(e) } });
afterAll(async () => {
  await rig.close();
  await cleanup();
});

describe('values and workers', () => {
  it('keeps a name the person typed when a lower-ranked source sends another, and says so', async () => {
    await rig.gate.submit(WEB_FORM, 'forms', [
      { payload: webForm({ email: 'bob@builder.io', first_name: 'Bob', last_name: 'Barker' }) },
    ]);
    await rig.gate.drain();
    const [enriched] = await rig.gate.submit(ENRICHMENT, 'enrich', [
      {
        payload: {
          email: 'BOB@builder.io',
          first_name: 'Robert',
          last_name: 'Barker',
          title: 'CTO',
          enriched_on: '2025-07-01',
        },
      },
    ]);
    await rig.gate.drain();
    const [record] = rig.emulator.records('contacts');
    expect(record?.properties).toMatchObject({
      firstname: 'Bob',
      jobtitle: 'CTO',
      [PROVENANCE_PROPERTY]:
        '{"email":"web_form","firstname":"web_form","jobtitle":"enrichment","lastname":"web_form"}',
    });
    const event = await store.getEvent(enriched!.id);
    expect(event?.outcome).toMatchObject({
      decision: 'match',
      operation: 'update',
      explanation: { rule: 'key:email', kept: [{ property: 'firstname', heldBy: 'web_form' }] },
    });
    expect(seen).toContainEqual({
      type: 'protected_value_kept',
      eventId: enriched!.id,
      lane: ENRICHMENT,
      property: 'firstname',
      heldBy: 'web_form',
    });
  });

  it("keeps the record's address when the same person writes from another one, and claims the new one", async () => {
    await rig.gate.submit(HELP_DESK, 'helpdesk', [
      {
        payload: {
          requester_id: '77',
          ticket_id: '1',
          name: 'Ida Lane',
          email: 'ida@work.io',
          phone: '212 555 0199',
        },
      },
    ]);
    await rig.gate.drain();
    const [second] = await rig.gate.submit(HELP_DESK, 'helpdesk', [
      { payload: { requester_id: '77', ticket_id: '2', name: 'Ida Lane', email: 'ida.lane@gmail.com' } },
    ]);
    await rig.gate.drain();
    const [third] = await rig.gate.submit(WEB_FORM, 'forms', [
      { payload: webForm({ first_name: 'Ida', last_name: 'Lane', email: 'idalane@gmail.com' }) },
    ]);
    await rig.gate.drain();
    const records = rig.emulator.records('contacts').filter((r) => r.properties.phone === '212 555 0199');
    expect(records).toHaveLength(1);
    expect(records[0]!.properties.email).toBe('ida@work.io');
    expect((await store.getEvent(second!.id))?.outcome).toMatchObject({
      explanation: { rule: 'crosswalk', skipped: ['email'] },
      targetId: records[0]!.id,
    });
    expect((await store.getEvent(third!.id))?.outcome).toMatchObject({
      explanation: { rule: 'key:email' },
      targetId: records[0]!.id,
    });
  });

  it('processes with background workers and counts API calls and target time per event', async () => {
    rig.gate.start();
    const accepted = await rig.gate.submit(
      WEB_FORM,
      'forms',
      ['a', 'b', 'c'].map((x) => ({
        payload: webForm({ email: `${x}@bg.io`, first_name: x.toUpperCase() + 'nn' }),
      })),
    );
    const events = await rig.gate.waitFor(
      accepted.map((a) => a.id),
      10_000,
    );
    await rig.gate.stop();
    expect(events.map((e) => e.status)).toEqual(['written', 'written', 'written']);
    for (const e of events) {
      expect(e.outcome?.apiCalls).toBeGreaterThanOrEqual(2);
      expect(e.outcome?.targetMs).toBeGreaterThan(0);
      expect(e.outcome?.gateMs).toBeGreaterThanOrEqual(0);
      expect(e.outcome?.lockMs).toBeGreaterThanOrEqual(0);
      expect(e.outcome?.lockMs).toBeLessThanOrEqual(e.outcome!.gateMs);
    }
  });

  it('leases a batch per worker and processes it concurrently, each event under its own locks', async () => {
    const { store: own, cleanup: done } = await sqliteStore();
    const slow = await gateRig(own, {
      emulator: { faults: { latencyMs: 250 } },
      gate: { workers: 1, batch: 8 },
    });
    try {
      const accepted = await slow.gate.submit(
        WEB_FORM,
        'forms',
        ['Ada', 'Ben', 'Cyd', 'Dov', 'Eve', 'Fay', 'Gus', 'Hal'].map((name, i) => ({
          payload: webForm({ email: `p${i}@batch.io`, first_name: name, last_name: `${name}son` }),
        })),
      );
      const started = performance.now();
      await slow.gate.drain();
      const elapsed = performance.now() - started;
      const events = await Promise.all(accepted.map((a) => own.getEvent(a.id)));
      expect(events.map((e) => e?.status)).toEqual(Array(8).fill('written'));
      // Two target calls of 250 ms per event: one after the other, eight events would take 4 s or more.
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      await slow.close();
      await done();
    }
  });

  it('reports ids and figures only, never payload values', () => {
    const text = JSON.stringify(seen);
    expect(seen.filter((e) => e.type === 'event_finished').length).toBeGreaterThanOrEqual(8);
    for (const value of ['bob@builder.io', 'Robert', 'ida@work.io', '212 555 0199', 'Barker'])
      expect(text).not.toContain(value);
  });
});
