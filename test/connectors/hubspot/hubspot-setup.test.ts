import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/index.js';
import type { RequiredProperty } from '../../../src/connectors/target-setup.js';
import {
  startHubSpotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../../src/emulators/hubspot/index.js';

const REQUIRED: RequiredProperty[] = [
  { object: 'contacts', name: 'lanekeeper_id', unique: true, why: 'anchor' },
  { object: 'contacts', name: 'lanekeeper_sources', unique: false, why: 'provenance' },
  { object: 'contacts', name: 'email', unique: false, why: 'mapped by lane web' },
  { object: 'contacts', name: 'favourite_colour', unique: false, why: 'mapped by lane web' },
];

const BARE: HubSpotEmulatorOptions = { customProperties: { contacts: [], companies: [] } };

describe('the HubSpot setup check against the emulator', () => {
  let emulator: HubSpotEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function connect(options: HubSpotEmulatorOptions, token?: string) {
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0, ...options });
    return createHubSpotConnector({
      accessToken: token ?? emulator.token,
      basePath: emulator.url,
      retry: { attempts: 1 },
    });
  }

  it('names a refused token and stops there', async () => {
    const connector = await connect({}, 'pat-wrong-token');
    const check = await connector.checkSetup(REQUIRED);
    expect(check.problems).toEqual([
      expect.objectContaining({ kind: 'token', message: expect.stringContaining('401') }),
    ]);
  });

  it('lists the missing properties of a portal nobody set up, creates them, and then passes', async () => {
    const connector = await connect(BARE);
    const before = await connector.checkSetup(REQUIRED);
    expect(before.missing.map((p) => p.name)).toEqual([
      'lanekeeper_id',
      'lanekeeper_sources',
      'favourite_colour',
    ]);
    expect(before.problems.map((p) => p.kind)).toEqual(['property', 'property', 'property']);
    expect(before.canCreate).toBe(true);
    for (const property of before.missing) await connector.createProperty(property);
    // Idempotent: a second creation leaves the property as it is.
    await connector.createProperty(REQUIRED[0]!);
    const after = await connector.checkSetup(REQUIRED);
    expect(after.problems).toEqual([]);

    // The anchor created with unique values holds them.
    await connector.upsertByAnchor('contacts', 'entity-1', { email: 'a@x.example' });
    await expect(
      connector.create('contacts', { email: 'b@x.example', lanekeeper_id: 'entity-1' }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('refuses an anchor without unique values', async () => {
    const connector = await connect({
      customProperties: { contacts: [{ name: 'lanekeeper_id' }, { name: 'lanekeeper_sources' }] },
      uniqueProperties: { contacts: [] },
    });
    const check = await connector.checkSetup(REQUIRED.slice(0, 3));
    expect(check.missing).toEqual([]);
    expect(check.problems).toEqual([
      expect.objectContaining({
        kind: 'property',
        property: 'lanekeeper_id',
        message: expect.stringContaining('without unique values'),
      }),
    ]);
  });

  it('names the scopes a token lacks, and says it may not create properties', async () => {
    const connector = await connect({
      ...BARE,
      scopes: ['crm.objects.contacts.read', 'crm.schemas.contacts.read'],
    });
    const check = await connector.checkSetup(REQUIRED);
    expect(check.canCreate).toBe(false);
    expect(check.problems.filter((p) => p.kind === 'scope').map((p) => p.message)).toEqual([
      'the token lacks the scope crm.objects.contacts.write',
    ]);
    await expect(connector.createProperty(REQUIRED[0]!)).rejects.toMatchObject({ status: 403 });
  });
});
