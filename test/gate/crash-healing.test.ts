import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { eventIdentity } from '../../src/gate/event-identity.js';
import { planLane, propertiesOf } from '../../src/gate/lane-plan.js';
import type { StateStore } from '../../src/store/state-store.js';
import { gateBackends } from './backends.js';
import { exampleLanes, gateRig, webForm, WEB_FORM, type GateRig } from './gate-fixture.js';

const backends = await gateBackends('gate crash healing');
const plan = planLane((await exampleLanes())[0]!);

/**
 * What a worker that dies mid-create leaves behind: the event leased (the lease runs out), its keys
 * claimed for a new entity without a target id, and — when it died after the target wrote — a record
 * carrying that entity as its anchor.
 */
async function crashedCreate(
  rig: GateRig,
  targetWrote: boolean,
): Promise<{ eventId: string; entityId: string }> {
  const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
    {
      eventKey: `crash-${targetWrote}`,
      payload: webForm({ email: 'cara@acme.com', phone: '415 555 0123', first_name: 'Cara' }),
    },
  ]);
  const [leased] = await rig.store.lease('worker-that-dies', 1, 30);
  expect(leased?.id).toBe(accepted!.id);
  const identity = eventIdentity(plan, leased!.payload);
  const entityId = randomUUID();
  expect(await rig.store.claim(plan.scope, identity.exactKeys, entityId, leased!.id)).toEqual({ ok: true });
  if (targetWrote)
    await rig.connector.upsertByAnchor('contacts', entityId, propertiesOf(plan.flow, leased!.payload));
  await sleep(40);
  return { eventId: leased!.id, entityId };
}

async function boundClaims(store: StateStore, keys: readonly string[]): Promise<(string | undefined)[]> {
  return (await store.claimsOf(plan.scope, keys)).map((c) => c.targetId);
}

describe.each(backends)('crash healing on $name', (backend) => {
  afterAll(() => backend.cleanup());

  for (const targetWrote of [true, false]) {
    it(`finishes a create cut off ${targetWrote ? 'after' : 'before'} the target wrote, with the same entity`, async () => {
      const rig = await gateRig(await backend.open());
      try {
        const { eventId, entityId } = await crashedCreate(rig, targetWrote);
        await rig.gate.drain();
        const records = rig.emulator.records('contacts');
        expect(records).toHaveLength(1);
        expect(records[0]!.properties.lanekeeper_id).toBe(entityId);
        const event = await rig.store.getEvent(eventId);
        expect(event).toMatchObject({
          status: 'written',
          outcome: { operation: 'create', targetId: records[0]!.id },
        });
        expect(event?.outcome?.explanation).toMatchObject({
          entityId,
          ...(targetWrote ? { healed: true } : {}),
        });
        expect(await boundClaims(rig.store, event!.outcome!.keys)).toEqual([records[0]!.id, records[0]!.id]);
      } finally {
        await rig.close();
      }
    });
  }

  it('writes an event once when its lease runs out mid-write and another worker takes it over', async () => {
    const rig = await gateRig(await backend.open(), { gate: { leaseMs: 300, workers: 2, batch: 1 } });
    try {
      // The pre-create check answers after 800 ms: the lease runs out twice while the first attempt waits.
      rig.emulator.injectFault({ kind: 'latency', ms: 800 }, { endpoint: 'batch/read' });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'slow', payload: webForm({ email: 'ezra@acme.com', first_name: 'Ezra' }) },
      ]);
      await rig.gate.drain();
      expect(await rig.store.getEvent(accepted!.id)).toMatchObject({
        status: 'written',
        outcome: { operation: 'create' },
      });
      const { requests } = rig.emulator.stats();
      const writes = (['create', 'update', 'batch/create', 'batch/update', 'batch/upsert'] as const).map(
        (endpoint) => requests[endpoint] ?? 0,
      );
      expect(writes).toEqual([0, 0, 0, 0, 1]);
      expect((await rig.store.transactions(accepted!.id)).map((row) => row.action)).toEqual(['written']);
    } finally {
      await rig.close();
    }
  });

  it('heals a timeout after the target committed: the retry reuses the pending claim', async () => {
    const rig = await gateRig(await backend.open(), {
      connector: { retry: { attempts: 1, timeoutMs: 2_000 } },
    });
    try {
      rig.emulator.injectFault({ kind: 'timeout-after-commit' }, { endpoint: 'batch/upsert' });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'lost-answer', payload: webForm({ email: 'tim@acme.com', first_name: 'Tim' }) },
      ]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(accepted!.id);
      const records = rig.emulator.records('contacts');
      expect(records).toHaveLength(1);
      expect(event).toMatchObject({ status: 'written', attempts: 1, outcome: { targetId: records[0]!.id } });
      expect(event?.outcome?.explanation).toMatchObject({ healed: true });
    } finally {
      await rig.close();
    }
  });
});
