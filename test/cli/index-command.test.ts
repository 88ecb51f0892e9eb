/**
 * `lanekeeper index` in a child process against an emulator already holding contacts: killed with SIGKILL
 * part-way, then run again: it resumes where the store says, and every record is indexed once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { openStateStore } from '../../src/store/open-state-store.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const contract = join(root, 'examples/lanes/web-form-to-hubspot-contacts.yaml');
const RECORDS = 3_000;

let emulator: HubSpotEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function run(file: string, token: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/server/serve-entry.ts'), 'index', '--config', file],
    {
      cwd: root,
      env: {
        ...process.env,
        LK_HUBSPOT_TOKEN: token,
        LK_WEB_TOKEN: 'web-token-0123456789',
        LK_OPERATOR_TOKEN: 'op-token-0123456789',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('lanekeeper index', () => {
  it('resumes a load killed with SIGKILL: no record missing, none twice, no page read twice but one', async () => {
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
    emulator.app.preload(
      'contacts',
      Array.from({ length: RECORDS }, (_, i) => ({
        properties: { email: `p${i}@acme.com`, firstname: 'P', lastname: `Person${i}` },
        createdAt: Date.now() - 86_400_000 + i,
      })),
    );
    const dir = mkdtempSync(join(tmpdir(), 'lk-index-'));
    const file = join(dir, 'lanekeeper.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'store: { sqlite: state.db }',
        `systems: { hubspot: { kind: hubspot, base_url: "${emulator.url}", token_env: LK_HUBSPOT_TOKEN } }`,
        'lanes:',
        `  web-form-to-hubspot-contacts: { contract: "${contract}", token_env: LK_WEB_TOKEN }`,
        'operators: { token_env: LK_OPERATOR_TOKEN }',
      ].join('\n'),
    );

    const first = run(file, emulator.token);
    // Kill it once some pages are stored (the connector reads 15 pages a second).
    for (let i = 0; i < 500 && (emulator.stats().requests.list ?? 0) < 8; i++) await sleep(10);
    first.child.kill('SIGKILL');
    await first.exited;
    const listedBefore = emulator.stats().requests.list ?? 0;
    expect(listedBefore).toBeLessThan(RECORDS / 100);

    const second = run(file, emulator.token);
    expect(await second.exited).toBe(0);
    expect(second.stderr()).toMatch(/hubspot:contacts: 3,000 records, loaded/);
    expect(second.stderr()).toMatch(/ready in [\d.]+ s, \d+ API calls/);
    const listed = (emulator.stats().requests.list ?? 0) - listedBefore;
    // The pages the first run stored are not read again; the one it was reading when killed may be. The
    // second run ends with one archived listing.
    expect(listedBefore + listed).toBeLessThanOrEqual(RECORDS / 100 + 2);

    const store = await openStateStore({ kind: 'sqlite', path: join(dir, 'state.db') });
    try {
      const entries = await store.indexSince('hubspot:contacts', 0);
      expect(entries).toHaveLength(RECORDS);
      expect(new Set(entries.map((e) => e.targetId)).size).toBe(RECORDS);
      expect(await store.indexLoadState('hubspot:contacts')).toMatchObject({ loaded: RECORDS });
    } finally {
      await store.close();
    }
  }, 60_000);
});
