import { describe, expect, it } from 'vitest';
import { HubSpotEmulatorAdminApp } from '../../../src/emulators/hubspot/emulator-admin-app.js';
import {
  DEFAULT_TOKEN,
  type EmulatorResponse,
  type HubSpotEmulatorOptions,
} from '../../../src/emulators/hubspot/index.js';

const auth = { authorization: `Bearer ${DEFAULT_TOKEN}` };

function app(options: HubSpotEmulatorOptions = {}): HubSpotEmulatorAdminApp {
  return new HubSpotEmulatorAdminApp({ indexingDelayMs: 0, ...options });
}

function call(
  emulator: HubSpotEmulatorAdminApp,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = auth,
): Promise<EmulatorResponse> {
  return emulator.handle({ method, url, headers, body: body === undefined ? '' : JSON.stringify(body) });
}

const names = (response: EmulatorResponse): string[] =>
  (response.body as { results: { name: string }[] }).results.map((p) => p.name);

const anchor = {
  name: 'lanekeeper_id',
  label: 'Lanekeeper ID',
  type: 'string',
  fieldType: 'text',
  groupName: 'contactinformation',
  hasUniqueValue: true,
};

describe('the emulator properties API', () => {
  it('lists built-in and custom properties; a portal set up for Lanekeeper has its two', async () => {
    const listed = await call(app(), 'GET', '/crm/v3/properties/contacts');
    expect(listed.status).toBe(200);
    expect(names(listed)).toEqual(
      expect.arrayContaining([
        'email',
        'firstname',
        'hs_additional_emails',
        'lanekeeper_id',
        'lanekeeper_sources',
      ]),
    );
    const one = await call(app(), 'GET', '/crm/v3/properties/contacts/lanekeeper_id');
    expect(one.body).toMatchObject({ name: 'lanekeeper_id', hasUniqueValue: true });
    expect((await call(app(), 'GET', '/crm/v3/properties/contacts/nope')).status).toBe(404);
  });

  it('creates a property once (409 after), refuses a bad body, and honours unique values from then on', async () => {
    const emulator = app({ customProperties: { contacts: [], companies: [] } });
    expect(names(await call(emulator, 'GET', '/crm/v3/properties/contacts'))).not.toContain('lanekeeper_id');
    const created = await call(emulator, 'POST', '/crm/v3/properties/contacts', anchor);
    expect(created).toMatchObject({ status: 201, body: { name: 'lanekeeper_id', hasUniqueValue: true } });
    expect((await call(emulator, 'POST', '/crm/v3/properties/contacts', anchor)).status).toBe(409);
    const bad = await call(emulator, 'POST', '/crm/v3/properties/contacts', { name: 'Bad Name', label: 'x' });
    expect(bad).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR' } });

    const first = await call(emulator, 'POST', '/crm/v3/objects/contacts', {
      properties: { lanekeeper_id: 'e-1' },
    });
    expect(first.status).toBe(201);
    const second = await call(emulator, 'POST', '/crm/v3/objects/contacts', {
      properties: { lanekeeper_id: 'e-1' },
    });
    expect(second).toMatchObject({ status: 409, body: { category: 'CONFLICT' } });
  });

  it('answers 403 MISSING_SCOPES for a scope the token lacks, and introspects the token', async () => {
    const emulator = app({ scopes: ['crm.objects.contacts.read'] });
    expect((await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    const write = await call(emulator, 'POST', '/crm/v3/objects/contacts', { properties: {} });
    expect(write).toMatchObject({ status: 403, body: { category: 'MISSING_SCOPES' } });
    expect(JSON.stringify(write.body)).toContain('crm.objects.contacts.write');
    expect((await call(emulator, 'GET', '/crm/v3/properties/contacts')).status).toBe(403);

    const info = await call(
      emulator,
      'POST',
      '/oauth/v2/private-apps/get/access-token-info',
      { tokenKey: DEFAULT_TOKEN },
      {},
    );
    expect(info).toMatchObject({ status: 200, body: { scopes: ['crm.objects.contacts.read'] } });
    const unknown = await call(
      emulator,
      'POST',
      '/oauth/v2/private-apps/get/access-token-info',
      { tokenKey: 'pat-x' },
      {},
    );
    expect(unknown.status).toBe(401);
  });
});

describe('the emulator outage switch', () => {
  it('answers every API request with the outage status until it ends; admin routes keep working', async () => {
    const emulator = app();
    expect((await call(emulator, 'PUT', '/__emulator/outage', { status: 200 })).status).toBe(400);
    expect(await call(emulator, 'PUT', '/__emulator/outage', { status: 503 })).toMatchObject({
      status: 200,
      body: { outage: { status: 503 } },
    });
    expect((await call(emulator, 'GET', '/crm/v3/objects/contacts')).status).toBe(503);
    expect((await call(emulator, 'GET', '/__emulator/outage')).body).toEqual({ outage: { status: 503 } });
    expect((await call(emulator, 'GET', '/__emulator/stats')).status).toBe(200);

    await call(emulator, 'PUT', '/__emulator/outage', { status: 401 });
    const revoked = await call(emulator, 'GET', '/crm/v3/objects/contacts');
    expect(revoked).toMatchObject({ status: 401, body: { category: 'INVALID_AUTHENTICATION' } });

    expect((await call(emulator, 'DELETE', '/__emulator/outage')).body).toEqual({ outage: null });
    expect((await call(emulator, 'GET', '/crm/v3/objects/contacts')).status).toBe(200);
  });
});
