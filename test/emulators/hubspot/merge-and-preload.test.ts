import { describe, expect, it } from 'vitest';
import {
  createHubSpotApp,
  DEFAULT_TOKEN,
  startHubSpotEmulator,
  type EmulatorResponse,
  type HubSpotEmulatorApp,
} from '../../../src/emulators/hubspot/index.js';
import { HubSpotEmulatorAdminApp } from '../../../src/emulators/hubspot/emulator-admin-app.js';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/index.js';

const auth = { authorization: `Bearer ${DEFAULT_TOKEN}` };

function call(
  app: HubSpotEmulatorApp,
  method: string,
  url: string,
  body?: unknown,
): Promise<EmulatorResponse> {
  return app.handle({ method, url, headers: auth, body: body === undefined ? '' : JSON.stringify(body) });
}

const body = (r: EmulatorResponse) =>
  r.body as Record<string, unknown> & { properties: Record<string, string> };

describe('HubSpot emulator: records from before, and merges', () => {
  it('preloads records with their own create and last-modified times, searchable at once', async () => {
    const app = createHubSpotApp({ indexingDelayMs: 10_000, clock: { frozenAt: Date.UTC(2025, 0, 1) } });
    const old = Date.UTC(2023, 4, 2, 3, 4, 5, 678);
    const [id] = app.preload('contacts', [
      { properties: { email: 'Ann@Acme.com', firstname: 'Ann' }, createdAt: old, updatedAt: old + 1 },
    ]);
    const read = await call(app, 'GET', `/crm/v3/objects/contacts/${id}?properties=email`);
    expect(body(read).properties).toMatchObject({
      email: 'ann@acme.com',
      createdate: '2023-05-02T03:04:05.678Z',
      lastmodifieddate: '2023-05-02T03:04:05.679Z',
    });
    const found = await call(app, 'POST', '/crm/v3/objects/contacts/search', {
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(old) }] },
      ],
    });
    expect(body(found).total).toBe(1);
    expect(() => app.preload('contacts', [{ properties: { email: 'ann@acme.com' } }])).toThrow(/email/);
  });

  it('serves the preload over the admin route, outside the rate limit', async () => {
    const app = new HubSpotEmulatorAdminApp({ rateLimit: { max: 1 } });
    const post = (records: unknown) => call(app, 'POST', '/__emulator/records/contacts', { records });
    const ok = await post([{ properties: { email: 'a@x.com' } }, { properties: { email: 'b@x.com' } }]);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ids: ['101', '102'] });
    expect((await post([{ properties: { email: 'b@x.com' } }])).status).toBe(409);
    expect((await post([{ properties: { email: 1 } }])).status).toBe(400);
    const tooLarge = await app.handle({
      method: 'POST',
      url: '/__emulator/records/contacts',
      headers: auth,
      body: '',
      bodyTooLarge: true,
    });
    expect(tooLarge.status).toBe(413);
    expect(app.stats().rateLimited).toBe(0);
    expect(app.records('contacts')).toHaveLength(2);
  });

  it('merges: the loser is archived, the survivor lists it and keeps its values, a read of the loser finds the survivor', async () => {
    for (const mergedReads of ['survivor', 'not_found'] as const) {
      const app = createHubSpotApp({ mergedReads });
      const [primary, loser] = app.preload('contacts', [
        { properties: { email: 'ana.lima@corp.com', firstname: 'Ana' } },
        { properties: { email: 'ana@lima.family', firstname: 'Ana Maria', phone: '+14155550100' } },
      ]);
      const merged = await call(app, 'POST', '/crm/v3/objects/contacts/merge', {
        primaryObjectId: primary,
        objectIdToMerge: loser,
      });
      expect(merged.status).toBe(200);
      expect(body(merged).id).toBe(primary);
      expect(body(merged).properties).toMatchObject({
        email: 'ana.lima@corp.com',
        firstname: 'Ana',
        phone: '+14155550100',
        hs_additional_emails: 'ana@lima.family',
        hs_merged_object_ids: loser,
      });
      const archived = await call(app, 'GET', '/crm/v3/objects/contacts?archived=true&limit=10');
      expect((body(archived).results as { id: string }[]).map((r) => r.id)).toEqual([loser]);
      const read = await call(app, 'GET', `/crm/v3/objects/contacts/${loser}`);
      if (mergedReads === 'survivor') expect(body(read).id).toBe(primary);
      else expect(read.status).toBe(404);
      const twice = await call(app, 'POST', '/crm/v3/objects/contacts/merge', {
        primaryObjectId: primary,
        objectIdToMerge: loser,
      });
      expect(twice.status).toBe(404);
    }
  });

  it('lists records for the target index through the connector: pages, changes since a time, archived', async () => {
    const emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
    try {
      const connector = createHubSpotConnector({
        accessToken: emulator.token,
        basePath: emulator.url,
        listPageSize: 2,
      });
      const t = emulator.now() - 10_000;
      const ids = emulator.app.preload(
        'contacts',
        [0, 1, 2].map((i) => ({ properties: { email: `p${i}@x.com` }, createdAt: t + i })),
      );
      const first = await connector.listPage('contacts', ['email']);
      expect(first.records.map((r) => [r.id, r.properties.email, r.modifiedAt])).toEqual([
        [ids[0], 'p0@x.com', t],
        [ids[1], 'p1@x.com', t + 1],
      ]);
      const second = await connector.listPage('contacts', ['email'], first.next);
      expect(second.records.map((r) => r.id)).toEqual([ids[2]]);
      expect(second.next).toBeUndefined();
      expect(await connector.latestChange('contacts')).toBe(t + 2);
      const changed = await connector.changedPage('contacts', t + 1, ['email']);
      expect(changed.records.map((r) => r.id)).toEqual([ids[1], ids[2]]);
      await connector.update('contacts', ids[0]!, { firstname: 'P' });
      await fetch(`${emulator.url}/crm/v3/objects/contacts/merge`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ primaryObjectId: ids[0], objectIdToMerge: ids[1] }),
      });
      const after = await connector.changedPage('contacts', t + 3, ['email']);
      expect(after.records.map((r) => [r.id, r.mergedIds])).toEqual([[ids[0], [ids[1]]]]);
      const archived = await connector.archivedPage('contacts');
      expect(archived.records.map((r) => r.id)).toEqual([ids[1]]);
      expect(archived.records[0]?.archivedAt).toBeGreaterThan(t);
    } finally {
      await emulator.close();
    }
  });
});
