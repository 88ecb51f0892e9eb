import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionExplanation } from '../../src/gate/explanation.js';
import type { Explanation } from '../../src/identity/decision.js';
import { personPreset } from '../../src/identity/presets/person.js';
import { RecordPreparer } from '../../src/identity/prepare-record.js';
import { MailboxNamesakes, reviewAsNamesake } from '../../src/gate/mailbox-namesakes.js';
import { gateRig, HELP_DESK, sqliteStore, webForm, WEB_FORM, type GateRig } from './gate-fixture.js';

describe('MailboxNamesakes', () => {
  const namesakes = (): MailboxNamesakes =>
    new MailboxNamesakes(personPreset, new RecordPreparer(personPreset));

  it('finds an entity on the same role mailbox under the same full name, nicknames included', () => {
    const n = namesakes();
    n.set('e1', { first_name: 'Michael', last_name: 'Lee', email: 'sales@tailspintoys.com' });
    n.set('e2', { first_name: 'Steven', last_name: 'Lee', email: 'sales@tailspintoys.com' });
    expect([...n.find({ first_name: 'MIKE', last_name: 'lee', email: 'Sales@TailspinToys.com' })]).toEqual([
      ['e1', 'email'],
    ]);
  });

  it('finds nothing on a personal address, another mailbox, another name or a bare initial', () => {
    const n = namesakes();
    n.set('e1', { first_name: 'Michael', last_name: 'Lee', email: 'sales@tailspintoys.com' });
    n.set('e2', { first_name: 'Anna', last_name: 'Berg', email: 'anna.berg@tailspintoys.com' });
    expect(n.find({ first_name: 'Anna', last_name: 'Berg', email: 'anna.berg@tailspintoys.com' }).size).toBe(
      0,
    );
    expect(n.find({ first_name: 'Michael', last_name: 'Lee', email: 'info@tailspintoys.com' }).size).toBe(0);
    expect(n.find({ first_name: 'Michael', last_name: 'Leigh', email: 'sales@tailspintoys.com' }).size).toBe(
      0,
    );
    expect(n.find({ first_name: 'M', last_name: 'Lee', email: 'sales@tailspintoys.com' }).size).toBe(0);
  });

  it("follows an entity's latest identity", () => {
    const n = namesakes();
    n.set('e1', { first_name: 'Michael', last_name: 'Lee', email: 'sales@tailspintoys.com' });
    n.set('e1', { first_name: 'Michael', last_name: 'Lee', email: 'michael.lee@tailspintoys.com' });
    expect(n.find({ first_name: 'Michael', last_name: 'Lee', email: 'sales@tailspintoys.com' }).size).toBe(0);
  });

  it('turns a score below the band into review with the role_address guard, and leaves key decisions alone', () => {
    const scored: Explanation = {
      rule: 'score',
      decision: 'no_match',
      probability: 0.49,
      weight: 13,
      fields: [],
      guards: [],
    };
    expect(reviewAsNamesake(scored, 'email')).toMatchObject({
      decision: 'review',
      guards: ['role_address:email'],
    });
    const byKey: Explanation = {
      ...scored,
      rule: 'key:external_id',
      guards: ['unique_key_conflict:external_id'],
    };
    expect(reviewAsNamesake(byKey, 'email')).toBe(byKey);
  });
});

describe('the gate and namesakes on a shared mailbox', () => {
  let rig: GateRig | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await rig?.close();
    await cleanup?.();
  });

  /** Common first and last names, so that a name agreement alone scores below the review band. */
  async function crowdedScope(r: GateRig): Promise<void> {
    const others = [
      'Brown',
      'Garcia',
      'Miller',
      'Davis',
      'Wilson',
      'Moore',
      'Taylor',
      'Thomas',
      'White',
      'Harris',
    ];
    const given = [
      'James',
      'Robert',
      'John',
      'David',
      'William',
      'Richard',
      'Joseph',
      'Charles',
      'Daniel',
      'Mark',
    ];
    const submissions = others.flatMap((family, i) => [
      {
        eventKey: `m-${i}`,
        payload: webForm({ first_name: 'Michael', last_name: family, email: `michael.${family}@x${i}.io` }),
      },
      {
        eventKey: `l-${i}`,
        payload: webForm({ first_name: given[i], last_name: 'Lee', email: `${given[i]}.lee@y${i}.io` }),
      },
    ]);
    await r.gate.submit(WEB_FORM, 'forms', submissions);
    await r.gate.drain();
  }

  async function post(lane: string, eventKey: string, payload: Record<string, string>): Promise<string> {
    const [accepted] = await rig!.gate.submit(lane, lane === WEB_FORM ? 'forms' : 'helpdesk', [
      { eventKey, payload },
    ]);
    await rig!.gate.drain();
    return accepted!.id;
  }

  it('sends the second event of a full name on a shared mailbox to review instead of creating it again, though the first record could not hold the mailbox', async () => {
    const opened = await sqliteStore();
    cleanup = opened.cleanup;
    rig = await gateRig(opened.store);
    await crowdedScope(rig);
    // The mailbox's first writer: the target then refuses it on any other record (HubSpot's unique email).
    await post(HELP_DESK, 'hd-0', {
      requester_id: '5043',
      ticket_id: '700029',
      name: 'Teresa Watson',
      email: 'Sales@Tailspintoys.Com',
      phone: '954.893.8818',
    });
    const first = await post(HELP_DESK, 'hd-1', {
      requester_id: '6502',
      ticket_id: '700837',
      name: 'Michael Lee',
      email: 'sales@tailspintoys.com',
    });
    expect((await rig.store.getEvent(first))?.outcome?.explanation).toMatchObject({ skipped: ['email'] });
    const records = rig.emulator.records('contacts').length;
    const id = await post(
      WEB_FORM,
      'wf-1',
      webForm({
        first_name: 'Michael',
        last_name: 'lee',
        company: 'Tailspin Toys, Inc',
        email: 'SALES@TAILSPINTOYS.COM',
      }),
    );

    const event = await rig.store.getEvent(id);
    expect(event?.status).toBe('review');
    const explanation = event?.outcome?.explanation as DecisionExplanation;
    // Names alone are below the review band here: the shared mailbox is what makes it a doubt.
    expect(explanation.candidates).toHaveLength(1);
    expect(explanation.candidates[0]?.probability).toBeLessThan(0.5);
    expect(explanation.guards).toContain('role_address:email');
    expect(rig.emulator.records('contacts')).toHaveLength(records);
  });

  it('creates another person writing from the same mailbox without a review', async () => {
    const opened = await sqliteStore();
    cleanup = opened.cleanup;
    rig = await gateRig(opened.store);
    await post(HELP_DESK, 'hd-1', {
      requester_id: '6502',
      ticket_id: '700837',
      name: 'Michael Lee',
      email: 'sales@tailspintoys.com',
    });
    const id = await post(
      WEB_FORM,
      'wf-2',
      webForm({
        first_name: 'Teresa',
        last_name: 'Watson',
        company: 'Tailspin Toys',
        email: 'sales@tailspintoys.com',
      }),
    );
    expect((await rig.store.getEvent(id))?.outcome?.decision).toBe('new');
    expect(rig.emulator.records('contacts')).toHaveLength(2);
  });
});
