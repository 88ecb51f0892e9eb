/**
 * Going live in steps: a lane's start date (`since`) keeps old records out, and its circuit breaker
 * (`max_creates`) stops it after the window's creates — across workers and gateway processes — until an
 * operator resumes it. A paused lane's events wait; the other lanes go on.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseContract, type LaneContract } from '../../src/contract/index.js';
import type { TargetConnector } from '../../src/connectors/target-connector.js';
import { Gate } from '../../src/gate/gate.js';
import type { GateEvent } from '../../src/gate/gate-events.js';
import type { StateStore } from '../../src/store/state-store.js';
import { gateBackends } from './backends.js';
import { exampleLanes, hubspot, webForm, HELP_DESK, WEB_FORM } from './gate-fixture.js';

const backends = await gateBackends('gate go-live');

/** The example web-form lane with go-live keys added. */
function webFormLane(extra: string[]): LaneContract {
  const text = readFileSync('examples/lanes/web-form-to-hubspot-contacts.yaml', 'utf8');
  return parseContract(`${text}\n${extra.join('\n')}\n`, 'web-form.yaml');
}

async function gateOver(
  store: StateStore,
  web: LaneContract,
  connector: TargetConnector,
  events: GateEvent[],
  workerName: string,
): Promise<Gate> {
  const others = (await exampleLanes()).filter((c) => c.lane !== WEB_FORM);
  return new Gate({
    store,
    lanes: [web, ...others],
    connectors: { hubspot: connector },
    workers: 4,
    pollMs: 5,
    leaseMs: 10_000,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    onEvent: (e) => events.push(e),
    workerName,
  });
}

const person = (i: number) =>
  webForm({ email: `person${i}@example${i}.com`, first_name: `Name${i}`, last_name: `Family${i}` });

describe.each(backends)('go-live limits on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('trips at exactly the limit with several workers (two gateways on PostgreSQL), keeps the rest, resumes', async () => {
    const { emulator, connector } = await hubspot();
    const store = await backend.open();
    const sibling = backend.sibling ? await backend.sibling(store) : store;
    const events: GateEvent[] = [];
    const web = webFormLane(['max_creates: 5 per hour']);
    const gates = [
      await gateOver(store, web, connector, events, 'gw-a'),
      ...(sibling === store ? [] : [await gateOver(sibling, web, connector, events, 'gw-b')]),
    ];
    try {
      const accepted = await gates[0]!.submit(
        WEB_FORM,
        'forms',
        Array.from({ length: 12 }, (_, i) => ({ eventKey: `e${i}`, payload: person(i) })),
      );
      await Promise.all(gates.map((g) => g.drain()));
      expect(emulator.records('contacts')).toHaveLength(5);
      const statuses = await Promise.all(accepted.map(async (a) => (await store.getEvent(a.id))!));
      expect(statuses.filter((e) => e.status === 'written')).toHaveLength(5);
      // Kept, not failed: accepted, no attempt used up.
      const waiting = statuses.filter((e) => e.status === 'accepted');
      expect(waiting).toHaveLength(7);
      expect(waiting.every((e) => e.attempts === 0)).toBe(true);
      const trips = events.filter((e) => e.type === 'lane_paused');
      expect(trips).toEqual([
        expect.objectContaining({ lane: WEB_FORM, cause: 'max_creates', creates: 5, limit: '5 per hour' }),
      ]);
      const [status] = (await gates[0]!.laneStatuses()).filter((s) => s.lane === WEB_FORM);
      expect(status).toMatchObject({ status: 'paused', creates: 5, maxCreates: { text: '5 per hour' } });

      // An operator resumes: a new window of 5, then the breaker trips again; a second resume finishes.
      await gates[0]!.resumeLane(WEB_FORM, { operator: 'ops-ana', reason: 'the 5 creates are real people' });
      await Promise.all(gates.map((g) => g.drain()));
      expect(emulator.records('contacts')).toHaveLength(10);
      await gates[0]!.resumeLane(WEB_FORM, { operator: 'ops-ana', reason: 'second batch checked' });
      await Promise.all(gates.map((g) => g.drain()));
      expect(emulator.records('contacts')).toHaveLength(12);
      expect((await store.countByStatus()).written).toBe(12);
      expect(events.filter((e) => e.type === 'lane_paused')).toHaveLength(2);
      const lineage = await store.transactions(`lane:${WEB_FORM}`);
      expect(lineage.map((r) => [r.action, r.principal])).toEqual([
        ['lane_paused', 'gate'],
        ['lane_resumed', 'ops-ana'],
        ['lane_paused', 'gate'],
        ['lane_resumed', 'ops-ana'],
      ]);
    } finally {
      await Promise.all(gates.map((g) => g.stop()));
      await emulator.close();
    }
  });

  it("leaves a paused lane's events accepted while the other lanes are written", async () => {
    const { emulator, connector } = await hubspot();
    const store = await backend.open();
    const gate = await gateOver(store, webFormLane([]), connector, [], 'gw');
    try {
      await gate.pauseLane(WEB_FORM, { operator: 'ops', reason: 'checking the mapping' });
      await expect(gate.pauseLane(WEB_FORM, { operator: 'ops', reason: 'again' })).rejects.toThrow(
        /paused already/,
      );
      const [web] = await gate.submit(WEB_FORM, 'forms', [{ eventKey: 'w1', payload: person(1) }]);
      const [desk] = await gate.submit(HELP_DESK, 'desk', [
        {
          eventKey: 'd1',
          payload: { requester_id: 'r-1', name: 'Dana Desk', email: 'dana@desk.example', ticket_id: 't-1' },
        },
      ]);
      gate.start();
      expect((await gate.waitFor([desk!.id], 5_000))[0]?.status).toBe('written');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await store.getEvent(web!.id)).toMatchObject({ status: 'accepted', attempts: 0 });
      await gate.resumeLane(WEB_FORM, { operator: 'ops', reason: 'mapping fixed' });
      expect((await gate.waitFor([web!.id], 5_000))[0]?.status).toBe('written');
    } finally {
      await gate.stop();
      await emulator.close();
    }
  });

  it('does not sync records older than the start date; undated ones as the contract says', async () => {
    const { emulator, connector } = await hubspot();
    const store = await backend.open();
    const events: GateEvent[] = [];
    const gate = await gateOver(
      store,
      webFormLane(['since: { date: 2025-01-01, field: submitted_at }']),
      connector,
      events,
      'gw',
    );
    try {
      const submitted = await gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'old', payload: { ...person(1), submitted_at: '2024-12-31T23:59:59Z' } },
        { eventKey: 'new', payload: { ...person(2), submitted_at: '2025-01-01T00:00:00Z' } },
        { eventKey: 'epoch', payload: { ...person(3), submitted_at: '1735689600000' } },
        { eventKey: 'undated', payload: { ...person(4), submitted_at: 'last tuesday' } },
      ]);
      await gate.drain();
      const [old, recent, epoch, undated] = await Promise.all(
        submitted.map(async (a) => (await store.getEvent(a.id))!),
      );
      expect(old).toMatchObject({
        status: 'written',
        outcome: { decision: 'block', operation: 'none', apiCalls: 0, explanation: { rule: 'block:since' } },
      });
      expect(old?.outcome?.targetId).toBeUndefined();
      expect(recent).toMatchObject({ status: 'written', outcome: { decision: 'new', operation: 'create' } });
      expect(epoch).toMatchObject({ outcome: { operation: 'create' } });
      expect(undated).toMatchObject({
        outcome: { decision: 'block', operation: 'none', explanation: { rule: 'block:since_undated' } },
      });
      expect(
        emulator
          .records('contacts')
          .map((r) => r.properties['email'])
          .sort(),
      ).toEqual(['person2@example2.com', 'person3@example3.com']);
      expect(events.filter((e) => e.type === 'event_before_since')).toEqual([
        expect.objectContaining({ eventId: old!.id, undated: false }),
        expect.objectContaining({ eventId: undated!.id, undated: true }),
      ]);
    } finally {
      await gate.stop();
      await emulator.close();
    }
  });
});
