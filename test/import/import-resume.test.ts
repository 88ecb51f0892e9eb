import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { StateStoreConfig } from '../../src/store/open-state-store.js';
import { testPostgres } from '../store/postgres-test-db.js';
import { Gate } from '../../src/gate/gate.js';
import { runImport } from '../../src/import/run-import.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import { hubspot } from '../gate/gate-fixture.js';
import { webFormLane, WEB_FORM } from './import-fixture.js';

const root = resolve(import.meta.dirname, '../..');
const FIRST = [
  'Ada',
  'Ben',
  'Cleo',
  'Dmitri',
  'Esme',
  'Farid',
  'Greta',
  'Hiro',
  'Imke',
  'Jonas',
  'Kemal',
  'Lena',
];
const LAST = ['Abara', 'Bjork', 'Castell', 'Dumont', 'Eklund', 'Fagan', 'Gruber', 'Hollis', 'Ivers', 'Jaffe'];
const ROWS = FIRST.length * LAST.length;

/** Distinct people, each at a company of their own. */
function exportCsv(): string {
  const lines = ['email,first_name,last_name,company,form_id,submitted_at'];
  FIRST.forEach((first, i) =>
    LAST.forEach((last, j) =>
      lines.push(
        `${first.toLowerCase()}.${last.toLowerCase()}@firm${i}x${j}.com,${first},${last},Firm ${i}x${j},f1,2025-06-01T10:00:00Z`,
      ),
    ),
  );
  return `${lines.join('\n')}\n`;
}

const pg = await testPostgres('import resume');
afterAll(() => pg?.cleanup());

/** The config's store section and how the test opens the same store: SQLite, and PostgreSQL when it answers. */
const STORES: {
  name: string;
  store: (dir: string) => Promise<{ yaml: string[]; open: StateStoreConfig }>;
}[] = [
  {
    name: 'sqlite',
    store: async (dir) => ({
      yaml: ['store:', `  sqlite: ${join(dir, 'state.db')}`],
      open: { kind: 'sqlite', path: join(dir, 'state.db') },
    }),
  },
  ...(pg === undefined
    ? []
    : [
        {
          name: 'postgres',
          store: async () => {
            const schema = await pg.createSchema();
            return {
              yaml: ['store:', '  postgres_env: LK_PG_URL', `  schema: ${schema}`],
              open: { kind: 'postgres' as const, url: pg.url, schema },
            };
          },
        },
      ]),
];

describe.each(STORES)('import killed part-way (kill -9) and run again on $name', ({ store: storeOf }) => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes every row once: no duplicate record, nothing lost', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-import-kill-'));
    dirs.push(dir);
    const stateStore = await storeOf(dir);
    const hub = await hubspot();
    try {
      const file = join(dir, 'people.csv');
      await writeFile(file, exportCsv());
      const config = join(dir, 'lanekeeper.yaml');
      await writeFile(
        config,
        [
          'version: 1',
          ...stateStore.yaml,
          'systems:',
          '  hubspot:',
          '    kind: hubspot',
          `    base_url: ${hub.emulator.url}`,
          '    token_env: LK_HUBSPOT_TOKEN',
          'lanes:',
          `  ${WEB_FORM}:`,
          `    contract: ${join(root, 'examples/lanes/web-form-to-hubspot-contacts.yaml')}`,
          '    token_env: LK_WEB_TOKEN',
          '    user: importer',
          'operators:',
          '  token_env: LK_OPERATOR_TOKEN',
          'workers: 2',
          '',
        ].join('\n'),
      );
      // Slow writes, so that the kill lands while some rows are written and others are not.
      hub.emulator.injectFault({ kind: 'latency', ms: 40 }, { times: 100_000 });
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'test/server/serve-entry.ts'),
          'import',
          '--config',
          config,
          '--lane',
          WEB_FORM,
          '--batch',
          '20',
          file,
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            LK_HUBSPOT_TOKEN: hub.emulator.token,
            LK_WEB_TOKEN: 'web-token-0123456789abcdef',
            LK_OPERATOR_TOKEN: 'operator-token-0123456789abcdef',
            ...(pg === undefined ? {} : { LK_PG_URL: pg.url }),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<void>((done) => child.on('exit', () => done()));
      const deadline = performance.now() + 60_000;
      while (hub.emulator.records('contacts').length < 30) {
        if (performance.now() > deadline || child.exitCode !== null)
          throw new Error(`import did not start: ${stderr}`);
        await sleep(20);
      }
      child.kill('SIGKILL');
      await exited;
      const written = hub.emulator.records('contacts').length;
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(ROWS);

      const store = await openStateStore(stateStore.open);
      const contract = await webFormLane(false);
      const gate = new Gate({
        store,
        lanes: [contract],
        connectors: { hubspot: hub.connector },
        pollMs: 5,
        leaseMs: 300, // the killed process's leases lapse at once
      });
      gate.start();
      try {
        const summary = await runImport({
          gate,
          connector: hub.connector,
          lane: WEB_FORM,
          flow: contract.flow!,
          principal: 'importer',
          file,
        });
        expect(summary.rows).toBe(ROWS);
        expect(summary.resumed).toBeGreaterThan(0);
        expect(summary.created + summary.updated + summary.unchanged).toBe(ROWS);
        expect(summary.deadLetters + summary.review + summary.badRows).toBe(0);
      } finally {
        await gate.stop();
        await store.close();
      }
      const records = hub.emulator.records('contacts');
      expect(records).toHaveLength(ROWS);
      expect(new Set(records.map((r) => r.properties.email)).size).toBe(ROWS);
    } finally {
      await hub.emulator.close();
    }
  }, 120_000);
});
