import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateEvent } from '../../src/gate/gate-events.js';
import type { StateStore } from '../../src/store/state-store.js';
import { gateBackends, type Backend } from './backends.js';
import { gateRig, webForm, WEB_FORM, type GateRig } from './gate-fixture.js';

/**
 * How long the CRM stays down in the stream test. The regular run keeps it short; the full minute of the
 * scenario: `LANEKEEPER_OUTAGE_MS=60000 npx vitest run test/gate/target-outage.test.ts`.
 */
const OUTAGE_MS = Number(process.env['LANEKEEPER_OUTAGE_MS'] ?? 3_000);

const backends: Backend[] = await gateBackends('target-outage');

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function person(i: number): Record<string, string> {
  return webForm({
    email: `person${i}@outage.example`,
    first_name: `Given${i}`,
    last_name: `Family${i}`,
    submitted_at: `2025-06-01T10:${String(i % 60).padStart(2, '0')}:00Z`,
  });
}

async function submit(rig: GateRig, from: number, to: number): Promise<string[]> {
  const submissions = [];
  for (let i = from; i < to; i++) submissions.push({ eventKey: `outage-${i}`, payload: person(i) });
  const accepted = await rig.gate.submit(WEB_FORM, 'web-forms', submissions);
  return accepted.map((a) => a.id);
}

describe.each(backends.map((b) => [b.name, b] as const))('a target that goes down (%s)', (_name, backend) => {
  let store: StateStore;
  let rig: GateRig;
  const seen: GateEvent[] = [];

  beforeAll(async () => {
    store = await backend.open();
    rig = await gateRig(store, {
      gate: {
        // Without the pause, these attempts are used up in well under a second of outage.
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
        targetHealth: { failuresToPause: 2, probeBaseMs: 50, probeMaxMs: 250 },
        onEvent: (e) => seen.push(e),
      },
      connector: { retry: { attempts: 1, timeoutMs: 2_000 } },
    });
    rig.gate.start();
  });

  afterAll(async () => {
    await rig.close();
    await backend.cleanup();
  });

  it('holds a stream back while the CRM answers 503, writes all of it after, and dead-letters nothing', async () => {
    const first = await submit(rig, 0, 20);
    await until('the first events to be written', async () => (await store.countByStatus()).written >= 5);
    rig.emulator.app.startOutage({ status: 503 });
    const during = await submit(rig, 20, 60);
    await until('the target to be marked down', () => rig.gate.targetStatus()[0]?.state === 'down');
    const down = rig.gate.targetStatus()[0]!;
    expect(down).toMatchObject({
      system: 'hubspot',
      state: 'down',
      reason: 'HTTP 503',
      lanes: expect.arrayContaining([WEB_FORM]),
    });
    expect(Date.parse(down.since ?? '')).toBeGreaterThan(0);
    await sleep(OUTAGE_MS);
    expect((await store.countByStatus()).dead_letter).toBe(0);
    rig.emulator.app.endOutage();

    const ids = [...first, ...during];
    const done = await rig.gate.waitFor(ids, 30_000);
    expect(done.map((e) => e.status)).toEqual(ids.map(() => 'written'));
    expect(rig.gate.targetStatus()[0]?.state).toBe('up');
    expect(await store.listDeadLetters()).toEqual([]);
    const emails = rig.emulator.records('contacts').map((r) => r.properties['email']);
    for (let i = 0; i < 60; i++) expect(emails).toContain(`person${i}@outage.example`);
    expect(emails).toHaveLength(60);
    expect(seen.filter((e) => e.type === 'target_down')).toHaveLength(1);
    expect(seen.find((e) => e.type === 'target_up')).toMatchObject({ system: 'hubspot' });
  }, 120_000);

  it('pauses at once on a refused token (401) and resumes when the token is accepted again', async () => {
    seen.length = 0;
    rig.emulator.app.startOutage({ status: 401 });
    const ids = await submit(rig, 100, 110);
    await until('the target to be marked down', () => rig.gate.targetStatus()[0]?.state === 'down');
    expect(rig.gate.targetStatus()[0]?.reason).toContain('401');
    expect(seen.filter((e) => e.type === 'target_down')).toHaveLength(1);
    await sleep(300);
    const waiting = await Promise.all(ids.map((id) => store.getEvent(id)));
    expect(waiting.map((e) => e?.status).filter((s) => s === 'written' || s === 'dead_letter')).toEqual([]);
    // Put back without using up their attempts.
    expect(Math.max(...waiting.map((e) => e?.attempts ?? 0))).toBeLessThan(2);
    rig.emulator.app.endOutage();
    const done = await rig.gate.waitFor(ids, 30_000);
    expect(done.map((e) => e.status)).toEqual(ids.map(() => 'written'));
    expect((await store.countByStatus()).dead_letter).toBe(0);
  }, 60_000);
});
