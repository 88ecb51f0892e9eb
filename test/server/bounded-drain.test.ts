import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { openGateway } from '../../src/server/open-gateway.js';
import { testPostgres } from '../store/postgres-test-db.js';
import { OPERATOR_TOKEN, WEB_TOKEN, bearer, webForm } from './server-fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const contract = join(root, 'examples/lanes/web-form-to-hubspot-contacts.yaml');
const LANE = 'web-form-to-hubspot-contacts';
const DRAIN_MS = 1_500;

let emulator: HubSpotEmulator | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await emulator?.close();
  emulator = undefined;
});

const postgres = await testPostgres('bounded-drain');
const backends = ['sqlite', ...(postgres === undefined ? [] : ['postgres'])] as const;
afterAll(() => postgres?.cleanup());

/** Moves the leases of events in flight into the past, as if their 30 s had gone by. */
async function lapseLeases(dir: string, schema: string | undefined): Promise<number> {
  if (schema === undefined || postgres === undefined) {
    const db = new Database(join(dir, 'state.db'));
    try {
      return db
        .prepare("UPDATE events SET lease_until = '1970-01-01T00:00:00.000Z' WHERE status = 'processing'")
        .run().changes;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const result = await client.query(
      `UPDATE ${schema}.events SET lease_until = 'epoch' WHERE status = 'processing'`,
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe.each(backends)('stopping while the CRM does not answer, on %s', (backend) => {
  it('exits within shutdown.drain_timeout_ms, and the next start finishes the events in flight', async () => {
    const schema = backend === 'postgres' ? await postgres?.createSchema() : undefined;
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'lk-drain-'));
    const file = join(dir, 'lanekeeper.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        schema === undefined
          ? 'store: { sqlite: state.db }'
          : `store: { postgres_env: LK_PG_URL, schema: ${schema} }`,
        'listen: { port: 0 }',
        `systems: { hubspot: { kind: hubspot, base_url: "${emulator.url}", token_env: LK_HUBSPOT_TOKEN } }`,
        'lanes:',
        `  ${LANE}: { contract: "${contract}", token_env: LK_WEB_TOKEN, user: web-forms }`,
        'operators: { token_env: LK_OPERATOR_TOKEN }',
        `shutdown: { drain_timeout_ms: ${DRAIN_MS} }`,
      ].join('\n'),
    );
    const env = {
      LK_HUBSPOT_TOKEN: emulator.token,
      LK_WEB_TOKEN: WEB_TOKEN,
      LK_OPERATOR_TOKEN: OPERATOR_TOKEN,
      ...(postgres === undefined ? {} : { LK_PG_URL: postgres.url }),
    };
    const serve = (child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/server/serve-entry.ts'), 'serve', '-c', file],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
    ));
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => serve.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      serve.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /on (http:\/\/[^,\s]+)/.exec(stderr);
        if (found?.[1]) resolve(found[1]);
      });
      void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
    });

    // The lane takes events once the target index is loaded.
    for (let i = 0; i < 200; i++) {
      const health = (await (await fetch(`${url}/healthz`)).json()) as { target_index?: { ready: boolean } };
      if (health.target_index?.ready === true) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // From now on the CRM takes every request and never answers (well past the end of this test).
    emulator.injectFault({ kind: 'latency', ms: 600_000 }, { times: 1_000 });
    const posted = await fetch(`${url}/v1/lanes/${LANE}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
      body: JSON.stringify([
        { event_key: 'e1', payload: webForm('ada.lovelace@example.com') },
        { event_key: 'e2', payload: webForm('alan.turing@example.com') },
      ]),
    });
    expect(posted.status).toBe(202);
    const ids = ((await posted.json()) as { events: { id: string }[] }).events.map((e) => e.id);
    // Wait until a worker holds them (they are then waiting on the CRM).
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${url}/v1/events/${ids[0]}`, { headers: bearer(OPERATOR_TOKEN) });
      if (((await res.json()) as { status: string }).status === 'processing') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const signalled = performance.now();
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    const tookMs = performance.now() - signalled;
    expect(tookMs).toBeLessThan(DRAIN_MS + 1_500);
    expect(stderr).toContain(`still busy after ${DRAIN_MS} ms`);

    // The events were left to their leases. Rather than wait out the 30 s lease, move it into the past.
    expect(await lapseLeases(dir, schema)).toBe(2);

    // The next start, with the CRM answering again (a fresh emulator), finishes both: nothing was lost.
    await emulator.close();
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/base_url: "[^"]+"/, `base_url: "${emulator.url}"`),
    );
    const config = await loadGatewayConfig(file, { ...env, LK_HUBSPOT_TOKEN: emulator.token });
    const gateway = await openGateway(config, { pollMs: 5 });
    try {
      await gateway.gate.drain();
      for (const id of ids) expect((await gateway.store.getEvent(id))?.status).toBe('written');
      expect(emulator.records('contacts')).toHaveLength(2);
    } finally {
      await gateway.close();
    }
  }, 60_000);
});
