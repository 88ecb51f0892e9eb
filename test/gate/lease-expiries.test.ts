/**
 * An event whose leases keep running out — each process that took it died or stalled — is dead-lettered
 * after `maxLeaseExpiries` instead of being handed out forever; an operator's replay starts it afresh.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { gateBackends } from './backends.js';
import { gateRig, webForm, WEB_FORM } from './gate-fixture.js';

const backends = await gateBackends('gate lease expiries');

/** A worker of a process that dies at once: it leases the event and never finishes it. */
async function leaseAndDie(rig: Awaited<ReturnType<typeof gateRig>>): Promise<void> {
  expect(await rig.store.lease('doomed-worker', 1, 1)).toHaveLength(1);
  await sleep(25);
}

describe.each(backends)('lease expiries on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('dead-letters an event whose lease ran out maxLeaseExpiries times, writing nothing', async () => {
    const rig = await gateRig(await backend.open(), { gate: { maxLeaseExpiries: 2 } });
    try {
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'poison', payload: webForm({ email: 'pia@acme.com', first_name: 'Pia' }) },
      ]);
      await leaseAndDie(rig);
      await leaseAndDie(rig);
      await rig.gate.drain();
      const event = await rig.store.getEvent(accepted!.id);
      expect(event).toMatchObject({
        status: 'dead_letter',
        takeovers: 2,
        outcome: { explanation: { rule: 'block:lease_expiries' } },
      });
      expect(event?.outcome?.error).toMatch(/lease ran out 2 times/);
      expect(rig.emulator.records('contacts')).toHaveLength(0);
      const [letter] = await rig.store.listDeadLetters();
      expect(letter?.eventId).toBe(accepted!.id);

      // A replay gives the event a fresh budget: it is written.
      const replayed = await rig.gate.replayDeadLetter(letter!.id, {
        operator: 'ops@acme.com',
        reason: 'the crash was fixed',
      });
      expect(replayed).toMatchObject({ status: 'written', takeovers: 0 });
      expect(rig.emulator.records('contacts')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });

  it('writes an event whose lease ran out fewer times than the limit', async () => {
    const rig = await gateRig(await backend.open(), { gate: { maxLeaseExpiries: 2 } });
    try {
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'unlucky', payload: webForm({ email: 'uma@acme.com', first_name: 'Uma' }) },
      ]);
      await leaseAndDie(rig);
      await rig.gate.drain();
      expect(await rig.store.getEvent(accepted!.id)).toMatchObject({ status: 'written', takeovers: 1 });
      expect(rig.emulator.records('contacts')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });
});
