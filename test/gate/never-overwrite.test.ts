import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract, type ExistingValues, type LaneContract } from '../../src/contract/index.js';
import { startHubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { PROVENANCE_PROPERTY } from '../../src/gate/values-policy.js';
import { gateBackends } from './backends.js';
import { exampleLanes, gateRig, webForm, ENRICHMENT, HELP_DESK, WEB_FORM } from './gate-fixture.js';

/**
 * End to end against the HubSpot emulator holding contacts Lanekeeper did not write (made through the
 * official client): what a record holds is never overwritten, and a crosswalk is checked against the
 * record before it is followed.
 */
const backends = await gateBackends('gate never-overwrite');
const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-existing-values-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The example lanes, the web form lane with `values.existing_values` set to `mode`. */
/**
 * The CRM emptied and refilled on the same address (a restart, a state database pointed at another portal):
 * the old emulator closed, a fresh one on its port. Its ids restart at `firstId` (default as the emulator's).
 */
async function emptiedCrm(
  old: { readonly url: string; close(): Promise<void> },
  options: { readonly firstId?: number } = {},
): Promise<Awaited<ReturnType<typeof startHubSpotEmulator>>> {
  const port = Number(new URL(old.url).port);
  await old.close();
  return startHubSpotEmulator({
    port,
    ...options,
    indexingDelayMs: 0,
    rateLimit: { max: 100_000, windowMs: 1_000, searchPerSecond: 10_000 },
  });
}

async function lanesWith(mode: ExistingValues): Promise<LaneContract[]> {
  const source = await readFile('examples/lanes/web-form-to-hubspot-contacts.yaml', 'utf8');
  const file = join(dir, `web-form-${mode}.yaml`);
  const contract = source.replace(/^ {2}existing_values: .*$/m, `  existing_values: ${mode}`);
  expect(contract).toContain(`existing_values: ${mode}`);
  await writeFile(file, contract);
  const lanes = await exampleLanes();
  return [await loadContract(file), ...lanes.filter((l) => l.lane !== WEB_FORM)];
}

describe.each(backends)('never overwrite what a record holds, on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('matched by phone, keeps the email, the first name and the phone format the record holds (story 2)', async () => {
    const rig = await gateRig(await backend.open());
    try {
      const existing = await rig.connector.create('contacts', {
        email: 'robert.smith@acmecorp.com',
        firstname: 'Robert',
        lastname: 'Smith',
        phone: '+14155550100',
      });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        {
          payload: webForm({
            email: 'bob.smith@gmail.com',
            first_name: 'Bob',
            last_name: 'Smith',
            phone: '(415) 555-0100',
          }),
        },
      ]);
      await rig.gate.drain();
      const records = rig.emulator.records('contacts');
      expect(records).toHaveLength(1);
      expect(records[0]!.properties).toMatchObject({
        email: 'robert.smith@acmecorp.com',
        firstname: 'Robert',
        lastname: 'Smith',
        phone: '+14155550100',
        hs_additional_emails: 'bob.smith@gmail.com',
      });
      expect(records[0]!.properties[PROVENANCE_PROPERTY] ?? null).toBeNull();
      const event = await rig.store.getEvent(accepted!.id);
      expect(event?.outcome).toMatchObject({
        status: 'written',
        decision: 'match',
        operation: 'update',
        targetId: existing.id,
        explanation: {
          rule: 'key:phone',
          written: [],
          kept: [{ property: 'firstname', reason: 'existing_value' }],
          skipped: ['email'],
          skippedBecause: { email: 'key_held' },
          unchanged: expect.arrayContaining(['lastname', 'phone']),
          secondary: { property: 'hs_additional_emails', from: ['email'] },
        },
      });
      // What was written, kept and skipped is told by property names only, never by values.
      const told = event?.outcome?.explanation as Record<string, unknown>;
      const detail = JSON.stringify(
        ['written', 'kept', 'skipped', 'skippedBecause', 'unchanged', 'secondary'].map((k) => told[k]),
      );
      for (const value of ['bob.smith', 'robert.smith', 'Robert', 'Bob', '555'])
        expect(detail).not.toContain(value);

      // The new address is claimed for the person: the next event from it finds the same record.
      const [again] = await rig.gate.submit(WEB_FORM, 'forms', [
        { payload: webForm({ email: 'bob.smith@gmail.com', first_name: 'Bob', last_name: 'Smith' }) },
      ]);
      await rig.gate.drain();
      expect((await rig.store.getEvent(again!.id))?.outcome).toMatchObject({ targetId: existing.id });
      expect(rig.emulator.records('contacts')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });

  it('reads the records of updates resolved at the same time in one batch call, one read per update', async () => {
    const rig = await gateRig(await backend.open(), { gate: { workers: 1, batch: 8 } });
    try {
      const names = ['Ada', 'Ben', 'Cyd', 'Dov', 'Eve', 'Fay'];
      for (const name of names)
        await rig.connector.create('contacts', {
          email: `${name.toLowerCase()}@read.io`,
          firstname: name,
          lastname: 'Reed',
        });
      const before = rig.emulator.stats().requests['batch/read'] ?? 0;
      const accepted = await rig.gate.submit(
        WEB_FORM,
        'forms',
        names.map((name) => ({
          payload: webForm({
            email: `${name.toLowerCase()}@read.io`,
            first_name: name,
            last_name: 'Reed',
            job_title: 'Chemist',
          }),
        })),
      );
      await rig.gate.drain();
      const events = await Promise.all(accepted.map((a) => rig.store.getEvent(a.id)));
      expect(events.map((e) => e?.outcome?.operation)).toEqual(Array(names.length).fill('update'));
      expect(rig.emulator.records('contacts').map((r) => r.properties.jobtitle)).toEqual(
        Array(names.length).fill('Chemist'),
      );
      // Each event asks twice — the check of the target by email, the read before the update —; calls made
      // while others of their kind are in flight share a batch call, so six events need fewer than twelve.
      const reads = (rig.emulator.stats().requests['batch/read'] ?? 0) - before;
      expect(reads).toBeLessThan(2 * names.length);
    } finally {
      await rig.close();
    }
  });

  it('records the second email on the decision where the target takes no list of further addresses', async () => {
    const rig = await gateRig(await backend.open(), {
      emulator: { readOnlyProperties: { contacts: ['hs_additional_emails'] } },
    });
    try {
      await rig.connector.create('contacts', {
        email: 'robert.smith@acmecorp.com',
        firstname: 'Robert',
        lastname: 'Smith',
        phone: '+14155550100',
      });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { payload: webForm({ email: 'bob.smith@gmail.com', first_name: 'Bob', phone: '(415) 555-0100' }) },
      ]);
      await rig.gate.drain();
      const [record] = rig.emulator.records('contacts');
      expect(record!.properties).toMatchObject({ email: 'robert.smith@acmecorp.com', firstname: 'Robert' });
      expect(record!.properties.hs_additional_emails ?? null).toBeNull();
      const outcome = (await rig.store.getEvent(accepted!.id))?.outcome;
      expect(outcome).toMatchObject({
        status: 'written',
        explanation: { skipped: ['email'], skippedBecause: { email: 'key_held' } },
      });
      expect(outcome?.explanation).not.toHaveProperty('secondary');
    } finally {
      await rig.close();
    }
  });

  it.each([
    ['fill_empty', { company: 'Initech', jobtitle: 'CFO' }],
    ['keep', { company: 'Initech', jobtitle: undefined }],
    ['overwrite', { company: 'Initech LLC', jobtitle: 'CFO' }],
  ] as const)('existing_values: %s', async (mode, expected) => {
    const rig = await gateRig(await backend.open(), { gate: { lanes: await lanesWith(mode) } });
    try {
      await rig.connector.create('contacts', {
        email: 'ann.lee@initech.com',
        firstname: 'Ann',
        lastname: 'Lee',
        company: 'Initech',
      });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        {
          payload: webForm({
            email: 'ann.lee@initech.com',
            first_name: 'Ann',
            last_name: 'Lee',
            company: 'Initech LLC',
            job_title: 'CFO',
          }),
        },
      ]);
      await rig.gate.drain();
      const [record] = rig.emulator.records('contacts');
      expect(record!.properties.company).toBe(expected.company);
      expect(record!.properties.jobtitle ?? undefined).toBe(expected.jobtitle);
      expect(record!.properties.email).toBe('ann.lee@initech.com');
      expect(record!.properties.lanekeeper_id).toBeTruthy();
      const outcome = (await rig.store.getEvent(accepted!.id))?.outcome;
      expect(outcome).toMatchObject({ status: 'written', operation: 'update' });
      expect(outcome?.explanation).toMatchObject(
        mode === 'keep'
          ? {
              kept: [{ property: 'company', reason: 'existing_value' }],
              skippedBecause: { jobtitle: 'existing_values_keep' },
            }
          : mode === 'fill_empty'
            ? { kept: [{ property: 'company', reason: 'existing_value' }], written: ['jobtitle'] }
            : { written: ['company', 'jobtitle'] },
      );
    } finally {
      await rig.close();
    }
  });

  it('a value Lanekeeper set from a lower-ranked source gives way to a higher one, and not the other way', async () => {
    const rig = await gateRig(await backend.open());
    try {
      const existing = await rig.connector.create('contacts', {
        email: 'carl@carlsen.io',
        lastname: 'Carlsen',
      });
      const send = async (lane: string, payload: Record<string, string>) => {
        const [a] = await rig.gate.submit(lane, 'ops', [{ payload }]);
        await rig.gate.drain();
        return (await rig.store.getEvent(a!.id))?.outcome;
      };
      const enrich = (first: string, day: string) => ({
        email: 'carl@carlsen.io',
        first_name: first,
        last_name: 'Carlsen',
        enriched_on: day,
      });
      // Empty: the enrichment fills it, and Lanekeeper knows it did.
      await send(ENRICHMENT, enrich('Bob', '2025-07-01'));
      expect(rig.emulator.records('contacts')[0]!.properties.firstname).toBe('Bob');
      // The web form ranks above the enrichment: its value replaces the one the enrichment set.
      const form = await send(
        WEB_FORM,
        webForm({ email: 'carl@carlsen.io', first_name: 'Robert', last_name: 'Carlsen' }),
      );
      expect(form).toMatchObject({ targetId: existing.id, explanation: { written: ['firstname'] } });
      expect(rig.emulator.records('contacts')[0]!.properties.firstname).toBe('Robert');
      // And the enrichment cannot take it back.
      const back = await send(ENRICHMENT, enrich('Bob', '2025-07-02'));
      expect(back).toMatchObject({
        explanation: { kept: [{ property: 'firstname', reason: 'precedence', heldBy: 'web_form' }] },
      });
      expect(rig.emulator.records('contacts')[0]!.properties).toMatchObject({
        firstname: 'Robert',
        lastname: 'Carlsen',
      });
    } finally {
      await rig.close();
    }
  });

  it('sends a crosswalk update to review when the target was emptied and refilled: record 101 is now someone else (story 3)', async () => {
    const rig = await gateRig(await backend.open());
    let second: Awaited<ReturnType<typeof startHubSpotEmulator>> | undefined;
    try {
      const ticket = (id: string) => ({
        requester_id: 'r-ana',
        ticket_id: id,
        name: 'Ana Lima',
        email: 'ana@lima.io',
        organization: 'Lima Design',
      });
      const [first] = await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('1') }]);
      await rig.gate.drain();
      expect((await rig.store.getEvent(first!.id))?.outcome).toMatchObject({
        operation: 'create',
        targetId: '101',
      });

      // The CRM restarts empty on the same address, and someone else's contact gets id 101.
      second = await emptiedCrm(rig.emulator);
      const bo = await rig.connector.create('contacts', {
        email: 'bo.chen@chen.io',
        firstname: 'Bo',
        lastname: 'Chen',
        company: 'Chen Logistics',
      });
      expect(bo.id).toBe('101');

      const [later] = await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('2') }]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(later!.id);
      expect(event?.status).toBe('review');
      expect(event?.outcome).toMatchObject({
        decision: 'review',
        explanation: {
          rule: 'review:record_changed',
          recordChanged: { targetId: '101', decision: 'no_match' },
        },
      });
      const [review] = await rig.store.listReview('open');
      expect(review).toMatchObject({ eventId: later!.id });
      expect(second.records('contacts')).toHaveLength(1);
      expect(second.records('contacts')[0]!.properties).toMatchObject({
        email: 'bo.chen@chen.io',
        firstname: 'Bo',
        company: 'Chen Logistics',
      });
      expect(second.records('contacts')[0]!.properties.lanekeeper_id ?? null).toBeNull();
    } finally {
      await rig.gate.stop();
      await second?.close();
    }
  });

  it('resolves again when the record the crosswalk names is gone: the person is written anew, nothing dead-lettered', async () => {
    const rig = await gateRig(await backend.open());
    let second: Awaited<ReturnType<typeof startHubSpotEmulator>> | undefined;
    try {
      const ticket = (id: string) => ({
        requester_id: 'r-ida',
        ticket_id: id,
        name: 'Ida Berg',
        email: 'ida@berg.io',
      });
      await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('1') }]);
      await rig.gate.drain();
      second = await emptiedCrm(rig.emulator, { firstId: 500 });
      const [later] = await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('2') }]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(later!.id);
      expect(event?.outcome).toMatchObject({ status: 'written', operation: 'create', targetId: '500' });
      expect(second.records('contacts').map((r) => r.properties.email)).toEqual(['ida@berg.io']);
      // The crosswalk follows the new record.
      const [third] = await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('3') }]);
      await rig.gate.drain();
      expect((await rig.store.getEvent(third!.id))?.outcome).toMatchObject({
        operation: 'update',
        targetId: '500',
      });
    } finally {
      await rig.gate.stop();
      await second?.close();
    }
  });

  it('resolves again when the record goes between the read and the write (404): the upsert by anchor finds it', async () => {
    const rig = await gateRig(await backend.open());
    try {
      const ticket = (id: string, phone?: string) => ({
        requester_id: 'r-eli',
        ticket_id: id,
        name: 'Eli Stone',
        email: 'eli@stone.io',
        ...(phone === undefined ? {} : { phone }),
      });
      await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('1') }]);
      await rig.gate.drain();
      rig.emulator.injectFault({ kind: 'status', status: 404 }, { endpoint: 'update', times: 1 });
      const [later] = await rig.gate.submit(HELP_DESK, 'helpdesk', [
        { payload: ticket('2', '+1 212 555 0142') },
      ]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(later!.id);
      expect(event?.status).toBe('written');
      expect(event?.outcome?.targetId).toBe('101');
      const records = rig.emulator.records('contacts');
      expect(records).toHaveLength(1);
      expect(records[0]!.properties.phone).toBe('+1 212 555 0142');
    } finally {
      await rig.close();
    }
  });

  it("sends an update to review when the record carries another entity's anchor, though it holds the same identity", async () => {
    const rig = await gateRig(await backend.open());
    let second: Awaited<ReturnType<typeof startHubSpotEmulator>> | undefined;
    try {
      const ticket = (id: string) => ({
        requester_id: 'r-uma',
        ticket_id: id,
        name: 'Uma Roy',
        email: 'uma@roy.io',
      });
      await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('1') }]);
      await rig.gate.drain();
      second = await emptiedCrm(rig.emulator);
      // Another gateway's store wrote this portal: the record's anchor names an entity this store never made.
      await rig.connector.create('contacts', {
        email: 'uma@roy.io',
        lanekeeper_id: 'an-entity-of-another-store',
      });
      const [later] = await rig.gate.submit(HELP_DESK, 'helpdesk', [{ payload: ticket('2') }]);
      await rig.gate.drain();
      expect((await rig.store.getEvent(later!.id))?.outcome).toMatchObject({
        status: 'review',
        explanation: { rule: 'review:record_changed' },
      });
      expect(second.records('contacts')[0]!.properties.lanekeeper_id).toBe('an-entity-of-another-store');
    } finally {
      await rig.gate.stop();
      await second?.close();
    }
  });
});
