import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/target-connector.js';
import type { HubSpotConnectorOptions } from '../../../src/connectors/hubspot/index.js';
import type { HubSpotEmulatorOptions } from '../../../src/emulators/hubspot/index.js';
import { startHubSpotHarness, type HubSpotHarness } from './hubspot-harness.js';

const open: HubSpotHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function harness(
  emulator: HubSpotEmulatorOptions = {},
  connector: Partial<HubSpotConnectorOptions> = {},
): Promise<HubSpotHarness> {
  const h = await startHubSpotHarness(emulator, connector);
  open.push(h);
  return h;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('HubSpot connector: retries', () => {
  it('retries 5xx with full-jitter exponential backoff, then succeeds', async () => {
    const { emulator, connector, sleeps } = await harness();
    emulator.injectFault({ kind: 'status', status: 503 }, { times: 2 });
    const record = await connector.create('companies', { name: 'Acme' });
    expect(record.properties.name).toBe('Acme');
    // base 100 ms, jitter draw 0.5: half of 100, then half of 200.
    expect(sleeps).toEqual([50, 100]);
    expect(connector.apiCalls).toBe(3);
    expect(emulator.stats().faults.errors).toBe(2);
    expect(emulator.records('companies')).toHaveLength(1);
  });

  it('retries a 429 after the Retry-After the server sent', async () => {
    const { emulator, connector, sleeps } = await harness({ rateLimit: { max: 2, retryAfter: true } });
    await connector.create('companies', { name: 'A' });
    await connector.create('companies', { name: 'B' });
    await connector.create('companies', { name: 'C' });
    expect(sleeps).toEqual([10_000]);
    expect(emulator.stats().rateLimited).toBe(1);
    expect(connector.apiCalls).toBe(4);
    expect(emulator.records('companies')).toHaveLength(3);
  });

  it('backs off on a 429 without Retry-After', async () => {
    const { emulator, connector, sleeps } = await harness();
    emulator.injectFault({ kind: 'status', status: 429 });
    await connector.listAll('contacts');
    expect(sleeps).toEqual([50]);
    expect(connector.apiCalls).toBe(2);
  });

  it('gives up after the attempt limit with kind retryable', async () => {
    const { emulator, connector, sleeps } = await harness({}, { retry: { attempts: 3, baseDelayMs: 100 } });
    emulator.injectFault({ kind: 'status', status: 500 }, { times: 5 });
    const error = await rejection(connector.create('companies', { name: 'Acme' }));
    expect(error).toMatchObject({ kind: 'retryable', status: 500 });
    expect(connector.apiCalls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
    expect(emulator.records('companies')).toHaveLength(0);
  });

  it('does not retry an input HubSpot refused', async () => {
    const { connector, emulator } = await harness();
    const first = await connector.create('contacts', { email: 'ann@acme.com' });
    const error = await rejection(connector.create('contacts', { email: 'ann@acme.com' }));
    expect(error).toMatchObject({ kind: 'conflict', status: 409, existingId: first.id });
    expect(connector.apiCalls).toBe(2);
    expect(emulator.stats().total).toBe(2);
  });

  it('times out a silent response and retries', async () => {
    const { emulator, connector } = await harness(
      { faults: { timeoutMode: 'hang', hangMs: 3_000 } },
      { retry: { timeoutMs: 100 } },
    );
    emulator.injectFault({ kind: 'timeout-after-commit' }, { endpoint: 'batch/upsert' });
    const started = Date.now();
    const result = await connector.upsertByAnchor('companies', 'entity-1', { name: 'Acme' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.id).toBe(emulator.records('companies')[0]?.id);
    expect(emulator.records('companies')).toHaveLength(1);
    expect(connector.apiCalls).toBe(2);
  });

  it('throttles itself with its token bucket instead of running into 429', async () => {
    // Bucket: 1 at once, then 1/s, so at most 2 requests start in any second: the emulator's limit.
    const { emulator, connector, sleeps } = await harness(
      { rateLimit: { max: 2, windowMs: 1_000 } },
      { rateLimit: { capacity: 1, refillPerSecond: 1 } },
    );
    for (let i = 0; i < 4; i += 1) await connector.create('companies', { name: `Co ${i}` });
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
    expect(emulator.stats().rateLimited).toBe(0);
    expect(emulator.records('companies')).toHaveLength(4);
  });
});

describe('HubSpot connector: a lost response after the write', () => {
  it('upsertByAnchor repeats safely: exactly one record', async () => {
    const { emulator, connector } = await harness();
    emulator.injectFault({ kind: 'timeout-after-commit', mode: 'drop' }, { endpoint: 'batch/upsert' });
    const result = await connector.upsertByAnchor('contacts', 'entity-1', {
      email: 'ann@acme.com',
      firstname: 'Ann',
    });
    const records = emulator.records('contacts');
    expect(records).toHaveLength(1);
    expect(records[0]?.properties).toMatchObject({ lanekeeper_id: 'entity-1', email: 'ann@acme.com' });
    // The first attempt created the record; the repeat found it.
    expect(result).toEqual({ id: records[0]?.id, created: false });
    expect(emulator.stats().faults.timeoutsAfterCommit).toBe(1);
    expect(connector.apiCalls).toBe(2);
  });

  it('a plain create repeated the same way makes a second company (what a naive sync does)', async () => {
    const { emulator, connector } = await harness();
    emulator.injectFault({ kind: 'timeout-after-commit', mode: 'drop' }, { endpoint: 'create' });
    await connector.create('companies', { name: 'Acme' });
    expect(emulator.records('companies').map((r) => r.properties.name)).toEqual(['Acme', 'Acme']);
  });

  it('a plain contact create repeated the same way meets its own record as a conflict', async () => {
    const { emulator, connector } = await harness();
    emulator.injectFault({ kind: 'timeout-after-commit', mode: 'drop' }, { endpoint: 'create' });
    const error = await rejection(connector.create('contacts', { email: 'ann@acme.com' }));
    expect(error.kind).toBe('conflict');
    expect(error.existingId).toBe(emulator.records('contacts')[0]?.id);
  });
});

describe('HubSpot connector: upsert outcomes', () => {
  it('upsertByAnchor reports an email held by another record as a conflict naming it', async () => {
    const { connector, emulator } = await harness();
    const holder = await connector.create('contacts', { email: 'ann@acme.com' });
    const error = await rejection(
      connector.upsertByAnchor('contacts', 'entity-2', { email: 'Ann@acme.com' }),
    );
    expect(error).toMatchObject({ kind: 'conflict', existingId: holder.id });
    expect(emulator.records('contacts')).toHaveLength(1);
  });

  it('under seeded random 5xx and lost responses, repeated upserts leave one record per entity', async () => {
    const { emulator, connector } = await harness(
      { faults: { seed: 7, errorRate: 0.2, timeoutAfterCommitRate: 0.2 } },
      { retry: { attempts: 12 } },
    );
    for (let round = 0; round < 3; round += 1) {
      for (let e = 0; e < 8; e += 1) {
        await connector.upsertByAnchor('companies', `entity-${e}`, { name: `Co ${e} r${round}` });
      }
    }
    const records = emulator.records('companies');
    expect(records).toHaveLength(8);
    expect(records.map((r) => r.properties.name)).toEqual(Array.from({ length: 8 }, (_, e) => `Co ${e} r2`));
    const { faults } = emulator.stats();
    expect(faults.errors).toBeGreaterThan(0);
    expect(faults.timeoutsAfterCommit).toBeGreaterThan(0);
    expect(connector.apiCalls).toBe(emulator.stats().total);
  });
});

describe('HubSpot connector: findByKeys', () => {
  it('is current for email and the anchor, and lags for phone until indexing caught up', async () => {
    const { emulator, connector } = await harness({ indexingDelayMs: 5_000 });
    const { id } = await connector.upsertByAnchor('contacts', 'entity-1', {
      email: 'ann@acme.com',
      phone: '+15550001',
    });
    const byEmail = await connector.findByKeys('contacts', [{ property: 'email', value: 'ANN@acme.com' }]);
    expect(byEmail.map((r) => r.id)).toEqual([id]);
    expect(byEmail[0]?.properties.email).toBe('ann@acme.com');
    const byAnchor = await connector.findByKeys('contacts', [
      { property: 'lanekeeper_id', value: 'entity-1' },
    ]);
    expect(byAnchor.map((r) => r.id)).toEqual([id]);

    // Documented behaviour: search-backed keys do not see writes younger than HubSpot's indexing delay.
    const phone = [{ property: 'phone', value: '+15550001' }];
    expect(await connector.findByKeys('contacts', phone)).toEqual([]);
    emulator.advance(5_000);
    expect((await connector.findByKeys('contacts', phone)).map((r) => r.id)).toEqual([id]);
    expect(emulator.stats().requests).toMatchObject({ 'batch/read': 2, search: 2 });
  });

  it('merges the records of several probes and reads two spellings of one email once', async () => {
    const { emulator, connector } = await harness({ indexingDelayMs: 0 });
    const ann = await connector.create('contacts', { email: 'ann@acme.com', phone: '+15550001' });
    const bob = await connector.create('contacts', { email: 'bob@acme.com', phone: '+15550002' });
    const found = await connector.findByKeys(
      'contacts',
      [
        { property: 'email', value: 'Ann@Acme.com' },
        { property: 'email', value: 'ann@acme.com' },
        { property: 'phone', value: '+15550001' },
        { property: 'phone', value: '+15550002' },
      ],
      ['firstname'],
    );
    expect(found.map((r) => r.id).sort()).toEqual([ann.id, bob.id].sort());
    expect(found[0]?.properties).toHaveProperty('firstname');
    expect(emulator.stats().requests).toMatchObject({ 'batch/read': 1, search: 1 });
  });

  it('splits searches to stay within the filter limits', async () => {
    const limits = { maxGroups: 2, maxFiltersPerGroup: 1, maxFilters: 2 };
    const { emulator, connector } = await harness(
      { indexingDelayMs: 0, searchLimits: limits },
      { lookupLimits: { maxGroups: 2, maxFilters: 2, maxValuesPerFilter: 3 } },
    );
    const ids: string[] = [];
    for (let i = 0; i < 13; i += 1) {
      ids.push((await connector.create('contacts', { phone: `+1555000${String(i).padStart(2, '0')}` })).id);
    }
    const probes = ids.map((_, i) => ({ property: 'phone', value: `+1555000${String(i).padStart(2, '0')}` }));
    const found = await connector.findByKeys('contacts', probes);
    expect(found.map((r) => r.id).sort()).toEqual([...ids].sort());
    // 13 values → 5 IN/EQ groups of ≤3 values → 3 requests of ≤2 groups.
    expect(emulator.stats().requests.search).toBe(3);
  });
});

describe('HubSpot connector: reads and accounting', () => {
  it('listAll follows the paging cursor', async () => {
    const { emulator, connector } = await harness({}, { listPageSize: 3 });
    for (let i = 0; i < 7; i += 1) await connector.create('companies', { name: `Co ${i}` });
    const all = await connector.listAll('companies', ['name']);
    expect(all.map((r) => r.properties.name)).toEqual(Array.from({ length: 7 }, (_, i) => `Co ${i}`));
    expect(emulator.stats().requests.list).toBe(3);
  });

  it('read leaves unknown ids out and asks once for a repeated id', async () => {
    const { emulator, connector } = await harness();
    const { id } = await connector.create('companies', { name: 'Acme' });
    const read = await connector.read('companies', [id, id, '424242'], ['name']);
    expect(read).toEqual([{ id, properties: expect.objectContaining({ name: 'Acme' }) as unknown }]);
    expect(emulator.stats().requests['batch/read']).toBe(1);
  });

  it('null clears a property', async () => {
    const { connector } = await harness();
    const { id } = await connector.create('companies', { name: 'Acme', domain: 'acme.com' });
    const updated = await connector.update('companies', id, { domain: null });
    expect(updated.properties.domain).toBeNull();
  });

  it('counts every HTTP request, retries and lost responses included', async () => {
    const { emulator, connector } = await harness();
    emulator.injectFault({ kind: 'status', status: 502 });
    emulator.injectFault({ kind: 'timeout-after-commit' }, { endpoint: 'batch/upsert' });
    await connector.create('companies', { name: 'Acme' });
    await connector.upsertByAnchor('companies', 'entity-1', { name: 'Beta' });
    await connector.listAll('companies');
    await connector.findByKeys('companies', [{ property: 'lanekeeper_id', value: 'entity-1' }]);
    expect(connector.apiCalls).toBe(emulator.stats().total);
    expect(connector.apiCalls).toBe(6);
  });

  it('reports a refused token as rejected without the token in the message', async () => {
    const { connector } = await harness({}, { accessToken: 'pat-na1-secret' });
    const error = await rejection(connector.listAll('contacts'));
    expect(error).toMatchObject({ kind: 'rejected', status: 401 });
    expect(error.message).toMatch(/INVALID_AUTHENTICATION/);
    expect(error.message).not.toContain('secret');
    expect(connector.apiCalls).toBe(1);
  });
});
