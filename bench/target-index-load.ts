/**
 * The target index's full load: a HubSpot emulator (default rate limit: 190 requests per 10 s) already holding
 * N contacts Lanekeeper did not write, loaded through the connector (its default throttle) into the store,
 * as `lanekeeper index` and `serve` do. Prints seconds, API calls and how many requests the emulator refused
 * for the rate limit (the goal: none).
 *
 *   npm run bench:index -- --records 50000 --stores sqlite,postgres
 *
 * PostgreSQL: LANEKEEPER_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a new schema per run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHubSpotConnector } from '../src/connectors/hubspot/index.js';
import { loadContract } from '../src/contract/index.js';
import { startHubSpotEmulator } from '../src/emulators/hubspot/index.js';
import { Gate } from '../src/gate/gate.js';
import { openStateStore } from '../src/store/open-state-store.js';
import type { StateStore } from '../src/store/state-store.js';
import { DEFAULT_PG_URL, dropSchema, freshSchema } from '../scripts/lib/state-stores.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '50000' },
    stores: { type: 'string', default: 'sqlite' },
  },
});
const records = Number(values.records);
if (!Number.isInteger(records) || records < 1) throw new Error('--records must be a whole number ≥ 1');

const FIRST = [
  'Maria',
  'James',
  'Wei',
  'Priya',
  'Tom',
  'Lena',
  'Omar',
  'Sara',
  'Ivan',
  'Grace',
  'Kate',
  'Bob',
];
const LAST = ['Garcia', 'Brown', 'Zhang', 'Patel', 'Miller', 'Novak', 'Haddad', 'Kim', 'Petrov', 'Okafor'];
const COMPANIES = ['Acme', 'Globex', 'Umbrella', 'Hooli', 'Initech', 'Stark Industries'];

function contact(i: number): Record<string, string> {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  return {
    email: `${first}.${last}.${i}@example.org`.toLowerCase(),
    firstname: first,
    lastname: last,
    phone: `+1415${String(5_000_000 + i).padStart(7, '0')}`,
    company: COMPANIES[i % COMPANIES.length]!,
    jobtitle: 'Buyer',
  };
}

async function openStore(kind: string): Promise<{ store: StateStore; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-index-bench-'));
    const store = await openStateStore({ kind: 'sqlite', path: join(dir, 'state.db') });
    return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const url = process.env['LANEKEEPER_PG_URL'] ?? DEFAULT_PG_URL;
  const schema = freshSchema('index_bench');
  const store = await openStateStore({ kind: 'postgres', url, schema });
  return { store, cleanup: () => dropSchema(url, schema) };
}

const contract = await loadContract('examples/lanes/web-form-to-hubspot-contacts.yaml');
for (const kind of values.stores.split(',')) {
  const emulator = await startHubSpotEmulator();
  const preloadStarted = performance.now();
  for (let i = 0; i < records; i += 5_000)
    emulator.app.preload(
      'contacts',
      Array.from({ length: Math.min(5_000, records - i) }, (_, k) => ({
        properties: contact(i + k),
        // Written over the two years before the load, as a CRM's records are.
        createdAt: emulator.now() - 2 * 365 * 86_400_000 + (i + k) * 1_000,
      })),
    );
  const preloadSeconds = (performance.now() - preloadStarted) / 1_000;
  const { store, cleanup } = await openStore(kind);
  const connector = createHubSpotConnector({ accessToken: emulator.token, basePath: emulator.url });
  const gate = new Gate({
    store,
    lanes: [contract],
    connectors: { hubspot: connector },
    targetIndex: { refreshMs: 0, overlapMs: 300_000 },
  });
  const started = performance.now();
  await gate.prepareTargetIndex();
  const seconds = (performance.now() - started) / 1_000;
  const indexed = (await store.indexSince('hubspot:contacts', 0)).length;
  const stats = emulator.stats();
  console.log(
    JSON.stringify({
      store: kind,
      records,
      indexed,
      seconds: Number(seconds.toFixed(1)),
      api_calls: connector.apiCalls,
      rate_limited: stats.rateLimited,
      preload_seconds: Number(preloadSeconds.toFixed(2)),
    }),
  );
  await store.close();
  await cleanup();
  await emulator.close();
}
