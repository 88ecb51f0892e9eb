import { afterAll, describe, expect, it } from 'vitest';
import { GateError } from '../../src/gate/gate-error.js';
import type { CandidateExplanation } from '../../src/gate/explanation.js';
import { gateBackends } from './backends.js';
import { gateRig, webForm, WEB_FORM, type GateRig } from './gate-fixture.js';

const backends = await gateBackends('gate review');

async function post(
  rig: GateRig,
  eventKey: string,
  fields: Record<string, string | undefined>,
): Promise<string> {
  const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [{ eventKey, payload: webForm(fields) }]);
  await rig.gate.drain();
  return accepted!.id;
}

describe.each(backends)('review on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('sends an event whose keys belong to two records to review, and records each resolution with its operator', async () => {
    const rig = await gateRig(await backend.open());
    try {
      await post(rig, 'a', { first_name: 'Bob', last_name: 'Smith', email: 'bob@smith.io' });
      await post(rig, 'b', { first_name: 'Jane', last_name: 'Doe', phone: '415 555 0177' });
      const [r1, r2] = rig.emulator.records('contacts').map((r) => r.id);
      const ambiguous = {
        first_name: 'Bob',
        last_name: 'Smith',
        email: 'bob@smith.io',
        phone: '(415) 555-0177',
      };

      const c = await post(rig, 'c', ambiguous);
      expect((await rig.store.getEvent(c))?.status).toBe('review');
      const [item] = await rig.store.listReview('open');
      expect(item).toMatchObject({
        eventId: c,
        reason: 'a match and a doubtful candidate (guards: name_conflict)',
      });
      const candidates = item!.candidates as CandidateExplanation[];
      const byTarget = new Map(candidates.map((x) => [x.targetId, x]));
      expect(byTarget.get(r1)).toMatchObject({
        keys: ['email:bob@smith.io'],
        decision: 'match',
        rule: 'key:email',
      });
      expect(byTarget.get(r2)).toMatchObject({
        keys: ['phone:+14155550177'],
        decision: 'review',
        guards: ['name_conflict'],
      });

      const missing = await rig.gate
        .resolveReview(item!.id, { action: 'match', targetId: r1, operator: ' ', reason: 'x' })
        .catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'invalid_request' });

      await rig.gate.resolveReview(item!.id, {
        action: 'match',
        targetId: r1!,
        operator: 'ann@ops',
        reason: 'same person; the phone is his assistant',
      });
      const record = rig.emulator.records('contacts').find((r) => r.id === r1);
      expect(record?.properties.phone ?? null).toBeNull();
      const rows = await rig.store.transactions(c);
      expect(rows.at(-1)).toMatchObject({
        action: 'review_match',
        detail: {
          operator: 'ann@ops',
          reason: 'same person; the phone is his assistant',
          targetId: r1,
          skipped: ['phone'],
        },
      });
      expect((await rig.store.getReview(item!.id))?.resolution).toMatchObject({
        action: 'match',
        targetId: r1,
        operator: 'ann@ops',
      });
      const again = await rig.gate
        .resolveReview(item!.id, { action: 'reject', operator: 'ann@ops', reason: 'twice' })
        .catch((e: unknown) => e);
      expect(again).toBeInstanceOf(GateError);
      expect(again).toMatchObject({ code: 'conflict' });

      const d = await post(rig, 'd', { ...ambiguous, first_name: 'Robert' });
      const dItem = (await rig.store.listReview('open')).find((i) => i.eventId === d)!;
      await rig.gate.resolveReview(dItem.id, {
        action: 'create',
        operator: 'raj@ops',
        reason: 'a third person',
      });
      await rig.gate
        .resolveReview(dItem.id, { action: 'create', operator: 'raj@ops', reason: 'twice' })
        .catch(() => undefined);
      expect(rig.emulator.records('contacts')).toHaveLength(3);
      expect((await rig.store.transactions(d)).at(-1)).toMatchObject({
        action: 'review_create',
        detail: { operator: 'raj@ops', operation: 'create', skipped: ['email', 'phone'] },
      });

      const e = await post(rig, 'e', { ...ambiguous, submitted_at: 'later' });
      const eItem = (await rig.store.listReview('open')).find((i) => i.eventId === e)!;
      const rejected = await rig.gate.resolveReview(eItem.id, {
        action: 'reject',
        operator: 'ann@ops',
        reason: 'spam',
      });
      expect(rejected.status).toBe('review');
      expect((await rig.store.transactions(e)).at(-1)).toMatchObject({
        action: 'review_reject',
        detail: { operator: 'ann@ops' },
      });
      expect(rig.emulator.records('contacts')).toHaveLength(3);
      expect(await rig.store.listReview('open')).toEqual([]);
    } finally {
      await rig.close();
    }
  });

  it("ends a resolved match or create as written, with the operator's decision as its outcome", async () => {
    const rig = await gateRig(await backend.open());
    try {
      await post(rig, 'a', { first_name: 'Bob', last_name: 'Smith', email: 'bob@smith.io' });
      await post(rig, 'b', { first_name: 'Jane', last_name: 'Doe', phone: '415 555 0177' });
      const [r1] = rig.emulator.records('contacts').map((r) => r.id);
      const ambiguous = {
        first_name: 'Bob',
        last_name: 'Smith',
        email: 'bob@smith.io',
        phone: '415 555 0177',
      };
      const c = await post(rig, 'c', ambiguous);
      const d = await post(rig, 'd', { ...ambiguous, first_name: 'Robert' });
      const items = await rig.store.listReview('open');
      const itemOf = (eventId: string) => items.find((i) => i.eventId === eventId)!;

      const matched = await rig.gate.resolveReview(itemOf(c).id, {
        action: 'match',
        targetId: r1!,
        operator: 'ann@ops',
        reason: 'same person',
      });
      expect(matched).toMatchObject({
        status: 'written',
        outcome: {
          status: 'written',
          decision: 'match',
          operation: 'update',
          targetId: r1,
          keys: ['email:bob@smith.io', 'phone:+14155550177'],
          explanation: {
            rule: 'operator:match',
            operator: 'ann@ops',
            reason: 'same person',
            reviewId: itemOf(c).id,
            review: { rule: 'review:guard', guards: ['name_conflict'] },
          },
        },
      });
      expect((await rig.store.transactions(c)).map((row) => row.action)).toEqual(['review', 'review_match']);

      const created = await rig.gate.resolveReview(itemOf(d).id, {
        action: 'create',
        operator: 'raj@ops',
        reason: 'a third person',
      });
      const record = rig.emulator.records('contacts').find((r) => r.id === created.outcome?.targetId);
      expect(created).toMatchObject({ status: 'written', outcome: { decision: 'new', operation: 'create' } });
      expect(created.outcome?.explanation).toMatchObject({
        rule: 'operator:create',
        operator: 'raj@ops',
        entityId: record?.properties.lanekeeper_id,
      });
      expect(await rig.store.countByStatus()).toMatchObject({ review: 0, written: 4 });
    } finally {
      await rig.close();
    }
  });

  it('sends a family address with another given name to review, never merging the two people', async () => {
    const rig = await gateRig(await backend.open());
    try {
      await post(rig, 'john', { first_name: 'John', last_name: 'Park', email: 'theparks@gmail.com' });
      const mary = await post(rig, 'mary', {
        first_name: 'Mary',
        last_name: 'Park',
        email: 'the.parks@gmail.com',
      });
      const event = await rig.store.getEvent(mary);
      expect(event?.status).toBe('review');
      expect(event?.outcome?.explanation).toMatchObject({ rule: 'review:guard', guards: ['name_conflict'] });
      expect(rig.emulator.records('contacts')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });

  it('sends an enrichment for nobody to review: the lane may only update', async () => {
    const rig = await gateRig(await backend.open());
    try {
      const [accepted] = await rig.gate.submit('enrichment-to-hubspot-contacts', 'enrich', [
        { payload: { email: 'ghost@nowhere.io', first_name: 'Gus', enriched_on: '2025-07-01' } },
      ]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(accepted!.id);
      expect(event?.outcome).toMatchObject({
        status: 'review',
        explanation: { rule: 'review:no_record', verified: true },
      });
      expect(rig.emulator.records('contacts')).toHaveLength(0);
    } finally {
      await rig.close();
    }
  });
});
