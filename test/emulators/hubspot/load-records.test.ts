import { describe, expect, it } from 'vitest';
import { createHubSpotApp, DEFAULT_TOKEN } from '../../../src/emulators/hubspot/index.js';

describe('HubSpot emulator: records other tools wrote before', () => {
  it('are stored at once, found by search without lag, and counted in no statistics', async () => {
    const app = createHubSpotApp({ indexingDelayMs: 60_000, rateLimit: { max: 1 } });
    const ids = app.preload('contacts', [
      { properties: { email: 'Robert.Smith@AcmeCorp.com', firstname: 'Robert', phone: '+14155550100' } },
      { properties: { firstname: 'Ann', phone: '(415) 555-0101', hs_object_id: '999' } },
    ]);
    expect(ids).toHaveLength(2);
    expect(app.records('contacts').map((r) => [r.id, r.properties.email ?? null])).toEqual([
      [ids[0], 'robert.smith@acmecorp.com'],
      [ids[1], null],
    ]);
    expect(app.stats().total).toBe(0);
    const response = await app.handle({
      method: 'POST',
      url: '/crm/v3/objects/contacts/search',
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
      body: JSON.stringify({
        filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: '(415) 555-0101' }] }],
      }),
    });
    expect(response.status).toBe(200);
    expect((response.body as { results: { id: string }[] }).results.map((r) => r.id)).toEqual([ids[1]]);
  });

  it('refuses an email another record or input holds, naming both, and loads nothing then', () => {
    const app = createHubSpotApp();
    const [first] = app.preload('contacts', [{ properties: { email: 'ann@acme.com' } }]);
    expect(() =>
      app.preload('contacts', [
        { properties: { firstname: 'x' } },
        { properties: { email: 'ANN@acme.com' } },
      ]),
    ).toThrow(`record 1: email 'ann@acme.com' is held by record ${first}; nothing was loaded`);
    expect(() =>
      app.preload('contacts', [
        { properties: { email: 'bo@acme.com' } },
        { properties: { email: 'Bo@Acme.com ' } },
      ]),
    ).toThrow("record 1: email 'bo@acme.com' is held by input 0");
    expect(app.records('contacts')).toHaveLength(1);
    expect(() => app.preload('deals', [{ properties: {} }])).toThrow("no object 'deals'");
  });
});
