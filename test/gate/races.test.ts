import { afterAll, describe, expect, it } from 'vitest';
import { Gate } from '../../src/gate/gate.js';
import type { Submission } from '../../src/gate/gate-port.js';
import type { StoredEvent } from '../../src/store/state-store.js';
import { gateBackends } from './backends.js';
import { exampleLanes, gateRig, webForm, WEB_FORM } from './gate-fixture.js';

const backends = await gateBackends('gate races');

/**
 * Fifty deliveries of one person, posted at once: a third carry only the email (in several spellings), a
 * third only the phone (in several formats), a third both. Whatever order the workers take them in, the
 * email-only and phone-only deliveries share no exact key — only the person's name — so this also proves
 * that fuzzy twins are locked together and resolved one after the other.
 */
function deliveries(): Submission[] {
  const emails = ['robert.smith@acme.com', 'Robert.Smith@ACME.com', ' robert.smith@acme.com '];
  const phones = ['(415) 555-0100', '415.555.0100', '+1 415 555 0100', '4155550100'];
  return Array.from({ length: 50 }, (_, i) => {
    const kind = i % 3;
    return {
      eventKey: `race-${i}`,
      payload: webForm({
        first_name: i % 2 === 0 ? 'Robert' : 'Bob',
        last_name: 'Smith',
        company: 'Acme Inc.',
        email: kind === 1 ? undefined : emails[i % emails.length],
        phone: kind === 0 ? undefined : phones[i % phones.length],
        submitted_at: `2025-06-01T10:00:${String(i).padStart(2, '0')}Z`,
      }),
    };
  });
}

describe.each(backends)('concurrent deliveries of one person on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('make exactly one target record; the rest are updates or review, never a second create', async () => {
    const store = await backend.open();
    const rig = await gateRig(store, { gate: { workers: 8 } });
    const gates = [rig.gate];
    if (backend.sibling !== undefined) {
      // A second gateway process on the same database, with its own workers and identity index.
      gates.push(
        new Gate({
          store: await backend.sibling(store),
          lanes: await exampleLanes(),
          connectors: { hubspot: rig.connector },
          workers: 8,
          pollMs: 5,
          retry: { baseDelayMs: 5, maxDelayMs: 50 },
        }),
      );
    }
    try {
      const accepted = (
        await Promise.all(deliveries().map((d) => rig.gate.submit(WEB_FORM, 'forms', [d])))
      ).flat();
      expect(accepted.every((a) => !a.duplicate)).toBe(true);
      await Promise.all(gates.map((g) => g.drain()));
      const events = await rig.gate.waitFor(
        accepted.map((a) => a.id),
        5_000,
      );

      const records = rig.emulator.records('contacts');
      expect(records).toHaveLength(1);
      expect(events.filter((e) => e.status === 'dead_letter')).toEqual([]);
      const written = events.filter((e) => e.status === 'written');
      const creates = written.filter((e) => e.outcome?.operation === 'create');
      expect(creates).toHaveLength(1);
      expect(new Set(written.map((e) => e.outcome?.targetId))).toEqual(new Set([records[0]!.id]));
      expect(written.length + count(events, 'review')).toBe(50);
      // Review is only for a phone-only delivery resolved before any delivery linked the phone to the
      // record (its name alone is not enough); the rest update the record.
      expect(written.length).toBeGreaterThanOrEqual(30);
    } finally {
      await Promise.all(gates.map((g) => g.stop()));
      await rig.close();
    }
  });
});

function count(events: readonly StoredEvent[], status: StoredEvent['status']): number {
  return events.filter((e) => e.status === status).length;
}
