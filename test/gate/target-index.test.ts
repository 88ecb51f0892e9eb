/**
 * The target index end to end: a HubSpot emulator holding contacts Lanekeeper did not write, the gate over
 * the example lanes, on every store backend.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ListedPage, RecordLister } from '../../src/connectors/record-lister.js';
import { FeatureStore } from '../../src/identity/feature-store.js';
import { compileModel } from '../../src/identity/match-model.js';
import { PairScorer } from '../../src/identity/pair-scorer.js';
import { RecordPreparer } from '../../src/identity/prepare-record.js';
import { ValueCounts } from '../../src/identity/value-frequencies.js';
import { findSharedKeys } from '../../src/detect/shared-key-values.js';
import { Gate } from '../../src/gate/gate.js';
import { planLane } from '../../src/gate/lane-plan.js';
import { RecordIdentity } from '../../src/gate/record-identity.js';
import { TargetIndexLoader } from '../../src/gate/target-index-loader.js';
import { gateBackends } from './backends.js';
import { exampleLanes, gateRig, HELP_DESK, webForm, WEB_FORM } from './gate-fixture.js';

const backends = await gateBackends('target-index');
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const INDEX = { refreshMs: 0, overlapMs: 60_000 };
const lanes = await exampleLanes();
const webPlan = planLane(lanes[0]!);

const katherine = {
  email: 'katherine.johnson@initech.com',
  firstname: 'Katherine',
  lastname: 'Johnson',
  company: 'Initech',
  jobtitle: 'VP Finance',
};

/** Other people the CRM holds, so that name frequencies are those of a real population. */
const FIRST = ['Maria', 'James', 'Wei', 'Priya', 'Tom', 'Lena', 'Omar', 'Sara', 'Ivan', 'Grace'];
const LAST = ['Garcia', 'Brown', 'Zhang', 'Patel', 'Miller', 'Novak', 'Haddad', 'Kim', 'Petrov', 'Okafor'];
const COMPANIES = ['Acme', 'Globex', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises'];
const population = FIRST.flatMap((first, i) =>
  LAST.slice(0, 5).map((last, j) => ({
    email: `${first}.${last}${i}${j}@example.org`.toLowerCase(),
    firstname: first,
    lastname: LAST[(i + j * 3) % LAST.length]!,
    company: COMPANIES[(i * 5 + j) % COMPANIES.length]!,
  })),
);

/** A CRM record's identity, as the lanes map it. */
function identityOf(record: Record<string, string>): Record<string, string> {
  return new RecordIdentity([webPlan]).of(record);
}

/**
 * The audit's decision on a pair: the batch scorer over the whole population and the pair, with the
 * population's frequencies, as the detection job scores it.
 */
function auditDecision(a: Record<string, string>, b: Record<string, string>): string {
  const rules = webPlan.rules;
  const preparer = new RecordPreparer(rules);
  const features = new FeatureStore(preparer.features);
  for (const p of population) features.add(preparer.prepare(identityOf(p)));
  const i = features.add(preparer.prepare(a));
  const j = features.add(preparer.prepare(b));
  const scorer = new PairScorer(
    features,
    compileModel(rules),
    rules,
    findSharedKeys(features, rules),
    ValueCounts.of(features, rules),
  );
  return scorer.explain(i, j).decision;
}

describe.each(backends)('target index on $name', (backend) => {
  it('finds an existing contact Lanekeeper did not write: no second contact, as the audit decides', async () => {
    const store = await backend.open();
    const rig = await gateRig(store, { gate: { targetIndex: INDEX } });
    try {
      const [existing] = rig.emulator.app.preload('contacts', [
        { properties: katherine },
        ...population.map((properties) => ({ properties })),
      ]);
      await rig.gate.prepareTargetIndex();
      const payload = webForm({
        first_name: 'Kate',
        last_name: 'Johnson',
        company: 'Initech LLC',
        email: 'kate.j@gmail.com',
      });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [{ payload }]);
      await rig.gate.drain();

      const johnsons = rig.emulator.records('contacts').filter((r) => r.properties.lastname === 'Johnson');
      expect(johnsons).toHaveLength(1);
      const event = await store.getEvent(accepted!.id);
      const audit = auditDecision(identityOf(katherine), {
        email: 'kate.j@gmail.com',
        first_name: 'Kate',
        last_name: 'Johnson',
        company: 'Initech LLC',
      });
      expect(audit).not.toBe('no_match');
      expect(event?.outcome?.decision).toBe(audit);
      if (audit === 'match')
        expect(event?.outcome).toMatchObject({ operation: 'update', targetId: existing });
    } finally {
      await rig.close();
    }
  });

  it('follows a merge in the CRM: the next event of the merged-away record updates the survivor', async () => {
    const store = await backend.open();
    const rig = await gateRig(store, { gate: { targetIndex: INDEX } });
    try {
      const [survivor] = rig.emulator.app.preload('contacts', [
        { properties: { email: 'ana.lima@corp.com', firstname: 'Ana', lastname: 'Lima', company: 'Corp' } },
      ]);
      await rig.gate.prepareTargetIndex();
      const ticket = (id: string, phone?: string) => ({
        payload: {
          requester_id: 'z-1',
          name: 'Ana Lima',
          email: 'ana@lima.family',
          ticket_id: id,
          ...(phone === undefined ? {} : { phone }),
        },
      });
      const [first] = await rig.gate.submit(HELP_DESK, 'desk', [ticket('t-1')]);
      await rig.gate.drain();
      const created = (await store.getEvent(first!.id))?.outcome;
      expect(created).toMatchObject({ operation: 'create' });
      const loser = created?.targetId ?? '';
      expect(loser).not.toBe(survivor);

      // Someone merges the gate's record into the one that was there before.
      const merged = await fetch(`${rig.emulator.url}/crm/v3/objects/contacts/merge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${rig.emulator.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ primaryObjectId: survivor, objectIdToMerge: loser }),
      });
      expect(merged.status).toBe(200);
      await rig.gate.prepareTargetIndex();

      const [second] = await rig.gate.submit(HELP_DESK, 'desk', [ticket('t-2', '+1 415 555 0199')]);
      await rig.gate.drain();
      expect((await store.getEvent(second!.id))?.outcome).toMatchObject({
        status: 'written',
        operation: 'update',
        targetId: survivor,
      });
      const contacts = rig.emulator.records('contacts');
      expect(contacts).toHaveLength(1);
      expect(contacts[0]?.properties.phone).toBe('+1 415 555 0199');
      expect(await store.crosswalkGet('hubspot:contacts', 'help_desk', 'z-1')).toMatchObject({
        targetId: survivor,
      });
    } finally {
      await rig.close();
    }
  });

  it('drops a record archived in the CRM: the next event about that person is not matched to it', async () => {
    const store = await backend.open();
    const rig = await gateRig(store, { gate: { targetIndex: INDEX } });
    try {
      const [gone] = rig.emulator.app.preload('contacts', [
        { properties: katherine },
        ...population.map((properties) => ({ properties })),
      ]);
      await rig.gate.prepareTargetIndex();
      const archived = await fetch(`${rig.emulator.url}/crm/v3/objects/contacts/${gone}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${rig.emulator.token}` },
      });
      expect(archived.status).toBe(204);
      await rig.gate.prepareTargetIndex();
      expect((await store.indexSince('hubspot:contacts', 0)).find((e) => e.targetId === gone)).toMatchObject({
        removed: true,
      });
      const payload = webForm({
        first_name: 'Katherine',
        last_name: 'Johnson',
        company: 'Initech',
        job_title: 'VP Finance',
      });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [{ payload }]);
      await rig.gate.drain();
      const outcome = (await store.getEvent(accepted!.id))?.outcome;
      expect(outcome).toMatchObject({ decision: 'new', operation: 'create' });
      expect(outcome?.targetId).not.toBe(gone);
    } finally {
      await rig.close();
    }
  });

  it('resumes a load killed part-way: no record missing, none twice', async () => {
    const store = await backend.open();
    const rig = await gateRig(store, { connector: { listPageSize: 3 } });
    try {
      const people = Array.from({ length: 10 }, (_, i) => ({
        properties: { email: `p${i}@acme.com`, firstname: `P${i}`, lastname: 'Person' },
      }));
      const ids = rig.emulator.app.preload('contacts', people);
      const identity = new RecordIdentity([webPlan]);
      const settings = { overlapMs: 0, now: Date.now };
      let pages = 0;
      const dying: RecordLister = {
        listPage: async (object, properties, cursor): Promise<ListedPage> => {
          if (++pages === 3) throw new Error('killed');
          return rig.connector.listPage(object, properties, cursor);
        },
        changedPage: (...args) => rig.connector.changedPage(...args),
        latestChange: (object) => rig.connector.latestChange(object),
        archivedPage: (object, cursor) => rig.connector.archivedPage(object, cursor),
      };
      const first = new TargetIndexLoader(store, 'hubspot:contacts', 'contacts', dying, identity, settings);
      await expect(first.load()).rejects.toThrow('killed');
      expect(await store.indexLoadState('hubspot:contacts')).toMatchObject({ loaded: 6 });

      const listed: string[] = [];
      const counting: RecordLister = {
        ...dying,
        listPage: async (object, properties, cursor) => {
          const page = await rig.connector.listPage(object, properties, cursor);
          listed.push(...page.records.map((r) => r.id));
          return page;
        },
      };
      const second = new TargetIndexLoader(
        store,
        'hubspot:contacts',
        'contacts',
        counting,
        identity,
        settings,
      );
      await second.load();
      expect(listed).toEqual(ids.slice(6));
      const entries = await store.indexSince('hubspot:contacts', 0);
      expect(entries.map((e) => e.targetId).sort()).toEqual([...ids].sort());
      expect(entries[0]?.identity).toEqual({ email: 'p0@acme.com', first_name: 'P0', last_name: 'Person' });
      expect(await store.indexLoadState('hubspot:contacts')).toMatchObject({ loaded: 10 });
      expect(await second.loaded()).toBe(true);
    } finally {
      await rig.close();
    }
  });

  it('finds records written after the load: search lag, repeated timestamps across a restarted listing', async () => {
    const store = await backend.open();
    const start = Date.UTC(2025, 5, 1);
    const rig = await gateRig(store, {
      emulator: { indexingDelayMs: 2_000, clock: { frozenAt: start }, searchLimits: { maxResults: 4 } },
      connector: { listPageSize: 2, searchResultCap: 4 },
      gate: { targetIndex: INDEX },
    });
    try {
      rig.emulator.app.preload('contacts', [
        {
          properties: { email: 'old@acme.com', firstname: 'Old', lastname: 'Timer' },
          createdAt: start - 86_400_000,
        },
      ]);
      await rig.gate.prepareTargetIndex();
      rig.emulator.advance(1_000);

      // Written through the API: searchable only after the indexing delay.
      const createdAt = rig.emulator.now();
      const lagging = await rig.connector.create('contacts', {
        email: 'late@acme.com',
        firstname: 'Late',
        lastname: 'Comer',
      });
      // Two pairs of records with the same timestamp, and one more: the listing restarts at the cap.
      rig.emulator.advance(500);
      // Changed after it, and searchable at once: the refresh moves past the lagging record's time, and only
      // its overlap window brings it back.
      const t = createdAt + 100;
      const twins = rig.emulator.app.preload('contacts', [
        { properties: { email: 'a1@acme.com', firstname: 'A', lastname: 'One' }, createdAt: t },
        { properties: { email: 'a2@acme.com', firstname: 'A', lastname: 'Two' }, createdAt: t },
        { properties: { email: 'b1@acme.com', firstname: 'B', lastname: 'One' }, createdAt: t + 1 },
        { properties: { email: 'b2@acme.com', firstname: 'B', lastname: 'Two' }, createdAt: t + 1 },
        { properties: { email: 'c1@acme.com', firstname: 'C', lastname: 'One' }, createdAt: t + 2 },
      ]);
      await rig.gate.prepareTargetIndex();
      let indexed = (await store.indexSince('hubspot:contacts', 0)).map((e) => e.targetId);
      expect(indexed).toEqual(expect.arrayContaining(twins));
      expect(new Set(indexed).size).toBe(indexed.length);
      expect(indexed).not.toContain(lagging.id);

      rig.emulator.advance(5_000);
      await rig.gate.prepareTargetIndex();
      indexed = (await store.indexSince('hubspot:contacts', 0)).map((e) => e.targetId);
      expect(indexed).toContain(lagging.id);
      expect(indexed).toHaveLength(7);
    } finally {
      await rig.close();
    }
  });

  it.runIf(backend.sibling !== undefined)(
    'is loaded once for every process sharing the store; the others only refresh',
    async () => {
      const store = await backend.open();
      const other = await backend.sibling!(store);
      const a = await gateRig(store, { gate: { targetIndex: INDEX } });
      try {
        const ids = a.emulator.app.preload(
          'contacts',
          population.slice(0, 30).map((properties) => ({ properties })),
        );
        // Another process on the same database, with the same CRM.
        const c = new Gate({
          store: other,
          lanes,
          connectors: { hubspot: a.connector },
          targetIndex: INDEX,
        });
        await a.gate.prepareTargetIndex();
        const listed = a.emulator.stats().requests.list ?? 0;
        await c.prepareTargetIndex();
        // The second process found the load complete: one archived listing, no page of records again.
        expect((a.emulator.stats().requests.list ?? 0) - listed).toBe(1);
        expect((await other.indexSince('hubspot:contacts', 0)).map((e) => e.targetId).sort()).toEqual(
          [...ids].sort(),
        );
        await c.stop();
      } finally {
        await a.close();
      }
    },
  );
});
