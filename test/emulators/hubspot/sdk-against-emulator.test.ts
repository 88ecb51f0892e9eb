import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startHubSpotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../../src/emulators/hubspot/index.js';

interface ApiFailure {
  readonly code: number;
  readonly body: { readonly message?: string; readonly category?: string };
  readonly headers: Record<string, string>;
}

const running: HubSpotEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function start(
  options: HubSpotEmulatorOptions = {},
): Promise<{ emulator: HubSpotEmulator; client: Client }> {
  const emulator = await startHubSpotEmulator({ indexingDelayMs: 0, ...options });
  running.push(emulator);
  return { emulator, client: new Client({ accessToken: emulator.token, basePath: emulator.url }) };
}

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (error) {
    return error as ApiFailure;
  }
  throw new Error('expected the call to fail');
}

const eq = (propertyName: string, value: string) => ({
  filters: [{ propertyName, operator: 'EQ' as FilterOperatorEnum, value }],
});

describe('official @hubspot/api-client against the emulator', () => {
  it('creates a contact (201), storing the email lower-cased and echoing the system properties', async () => {
    const { client } = await start();
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: 'Ann@Acme.COM', firstname: 'Ann' },
      associations: [],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.properties).toMatchObject({
      email: 'ann@acme.com',
      firstname: 'Ann',
      hs_object_id: created.id,
    });
    expect(created.properties.createdate).toBeDefined();
    expect(created.properties.lastmodifieddate).toBeDefined();

    const read = await client.crm.contacts.basicApi.getById(
      'ann@acme.com',
      ['firstname'],
      [],
      [],
      false,
      'email',
    );
    expect(read.id).toBe(created.id);
    expect(read.properties.firstname).toBe('Ann');
  });

  it('refuses a second contact with the same email: 409 naming the existing id', async () => {
    const { client, emulator } = await start();
    const first = await client.crm.contacts.basicApi.create({
      properties: { email: 'ann@acme.com' },
      associations: [],
    });
    const error = await failure(
      client.crm.contacts.basicApi.create({ properties: { email: 'ANN@acme.com' }, associations: [] }),
    );
    expect(error.code).toBe(409);
    expect(error.body.category).toBe('CONFLICT');
    expect(error.body.message).toBe(`Contact already exists. Existing ID: ${first.id}`);
    expect(emulator.records('contacts')).toHaveLength(1);
  });

  it('updates, archives and then answers 404 OBJECT_NOT_FOUND', async () => {
    const { client } = await start();
    const { id } = await client.crm.companies.basicApi.create({
      properties: { name: 'Acme' },
      associations: [],
    });
    const updated = await client.crm.companies.basicApi.update(id, { properties: { domain: 'acme.com' } });
    expect(updated.properties.domain).toBe('acme.com');
    expect(updated.properties.hs_lastmodifieddate).toBeDefined();
    await client.crm.companies.basicApi.archive(id);
    const error = await failure(client.crm.companies.basicApi.getById(id));
    expect(error.code).toBe(404);
    expect(error.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('batch upsert reports new: true for created records and false for matched ones', async () => {
    const { client, emulator } = await start();
    const first = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'e-1', idProperty: 'lanekeeper_id', properties: { firstname: 'Ann' } },
        { id: 'e-2', idProperty: 'lanekeeper_id', properties: { firstname: 'Bob' } },
      ],
    });
    expect(first.results.map((r) => r._new)).toEqual([true, true]);
    const second = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'e-2', idProperty: 'lanekeeper_id', properties: { firstname: 'Robert' } },
        { id: 'cy@acme.com', idProperty: 'email', properties: { firstname: 'Cy' } },
      ],
    });
    expect(second.results.map((r) => [r.properties.firstname, r._new])).toEqual([
      ['Robert', false],
      ['Cy', true],
    ]);
    expect(emulator.records('contacts').map((r) => r.properties.firstname)).toEqual(['Ann', 'Robert', 'Cy']);
  });

  it('fails a whole batch naming one record twice, writing nothing', async () => {
    const { client, emulator } = await start();
    const upsert = await failure(
      client.crm.contacts.batchApi.upsert({
        inputs: [
          { id: 'new@acme.com', idProperty: 'email', properties: { firstname: 'A' } },
          { id: 'NEW@acme.com', idProperty: 'email', properties: { firstname: 'B' } },
        ],
      }),
    );
    expect(upsert.code).toBe(400);
    expect(upsert.body.message).toMatch(/Duplicate IDs/);
    const create = await failure(
      client.crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: 'x@acme.com' }, associations: [] },
          { properties: { email: 'X@acme.com' }, associations: [] },
        ],
      }),
    );
    expect(create.code).toBe(409);
    expect(emulator.records('contacts')).toHaveLength(0);
  });

  it('batch read by idProperty answers 207 for unknown values and returns the known ones', async () => {
    const { client } = await start();
    await client.crm.contacts.basicApi.create({ properties: { email: 'ann@acme.com' }, associations: [] });
    const answer = await client.crm.contacts.batchApi.read({
      inputs: [{ id: 'ann@acme.com' }, { id: 'nobody@acme.com' }],
      idProperty: 'email',
      properties: ['email'],
      propertiesWithHistory: [],
    });
    expect(answer.results.map((r) => r.properties.email)).toEqual(['ann@acme.com']);
    expect('errors' in answer && answer.errors?.[0]?.category).toBe('OBJECT_NOT_FOUND');
  });

  it('search does not see a write until the indexing delay has passed', async () => {
    const { client, emulator } = await start({
      indexingDelayMs: 3_000,
      clock: { frozenAt: Date.UTC(2025, 0, 1) },
    });
    const search = async (value: string) =>
      (await client.crm.contacts.searchApi.doSearch({ filterGroups: [eq('phone', value)], limit: 10 })).total;
    const { id } = await client.crm.contacts.basicApi.create({
      properties: { email: 'ann@acme.com', phone: '+15550001' },
      associations: [],
    });
    expect(await search('+15550001')).toBe(0);
    emulator.advance(2_999);
    expect(await search('+15550001')).toBe(0);
    emulator.advance(1);
    expect(await search('+15550001')).toBe(1);

    await client.crm.contacts.basicApi.update(id, { properties: { phone: '+15550002' } });
    expect([await search('+15550001'), await search('+15550002')]).toEqual([1, 0]);
    emulator.advance(3_000);
    expect([await search('+15550001'), await search('+15550002')]).toEqual([0, 1]);
  });

  it('search pages with after and leaves paging off the last page', async () => {
    const { client } = await start({ rateLimit: { searchPerSecond: 100 } });
    await client.crm.companies.batchApi.create({
      inputs: Array.from({ length: 25 }, (_, i) => ({
        properties: { name: `Co ${i}`, industry: 'x' },
        associations: [],
      })),
    });
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.companies.searchApi.doSearch({
        filterGroups: [eq('industry', 'X')],
        sorts: [{ propertyName: 'name', direction: 'DESCENDING' } as unknown as string],
        properties: ['name'],
        limit: 10,
        ...(after === undefined ? {} : { after }),
      });
      expect(page.total).toBe(25);
      pages.push(page.results.map((r) => r.properties.name ?? ''));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()[0]).toBe('Co 9');
    expect(new Set(pages.flat()).size).toBe(25);
  });

  it('refuses paging past 10 000 results and filters over the limits with 400 VALIDATION_ERROR', async () => {
    const { client } = await start();
    const deep = await failure(client.crm.contacts.searchApi.doSearch({ filterGroups: [], after: '10000' }));
    expect([deep.code, deep.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    const wide = await failure(
      client.crm.contacts.searchApi.doSearch({
        filterGroups: Array.from({ length: 6 }, (_, i) => eq('phone', String(i))),
      }),
    );
    expect([wide.code, wide.body.category]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('answers 429 past the ten-second limit, with the rate-limit headers', async () => {
    const { client } = await start({ rateLimit: { max: 2 }, clock: { frozenAt: 0 } });
    const ok = await client.crm.contacts.basicApi.getPageWithHttpInfo(10);
    expect(ok.headers['x-hubspot-ratelimit-max']).toBe('2');
    expect(ok.headers['x-hubspot-ratelimit-remaining']).toBe('1');
    expect(ok.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
    await client.crm.contacts.basicApi.getPage(10);
    const limited = await failure(client.crm.contacts.basicApi.getPage(10));
    expect(limited.code).toBe(429);
    expect(limited.body.message).toBe('You have reached your ten_secondly_rolling limit.');
    expect(limited.headers['x-hubspot-ratelimit-remaining']).toBe('0');
  });

  it('limits search per second separately', async () => {
    const { client } = await start({ rateLimit: { searchPerSecond: 2 }, clock: { frozenAt: 0 } });
    await client.crm.contacts.searchApi.doSearch({ filterGroups: [] });
    await client.crm.contacts.searchApi.doSearch({ filterGroups: [] });
    const limited = await failure(client.crm.contacts.searchApi.doSearch({ filterGroups: [] }));
    expect(limited.code).toBe(429);
    expect(limited.body.message).toBe('You have reached your secondly limit.');
    await client.crm.contacts.basicApi.getPage(10);
  });

  it('answers 401 INVALID_AUTHENTICATION for an unknown token', async () => {
    const { emulator } = await start();
    const client = new Client({ accessToken: 'pat-wrong', basePath: emulator.url });
    const error = await failure(client.crm.contacts.basicApi.getPage(10));
    expect(error.code).toBe(401);
    expect(error.body.category).toBe('INVALID_AUTHENTICATION');
    expect(emulator.stats().unauthorized).toBe(1);
  });

  it('lists all records page by page', async () => {
    const { client } = await start();
    await client.crm.companies.batchApi.create({
      inputs: Array.from({ length: 7 }, (_, i) => ({ properties: { name: `Co ${i}` }, associations: [] })),
    });
    const first = await client.crm.companies.basicApi.getPage(5, undefined, ['name']);
    expect(first.results).toHaveLength(5);
    const second = await client.crm.companies.basicApi.getPage(5, first.paging?.next?.after, ['name']);
    expect(second.results.map((r) => r.properties.name)).toEqual(['Co 5', 'Co 6']);
    expect(second.paging).toBeUndefined();
  });
});
