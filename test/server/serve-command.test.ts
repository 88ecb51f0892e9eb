import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import { OPERATOR_TOKEN, WEB_TOKEN, bearer, webForm } from './server-fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const contract = join(root, 'examples/lanes/web-form-to-hubspot-contacts.yaml');

function writeConfig(dir: string, hubspotUrl: string): string {
  const file = join(dir, 'lanekeeper.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'store: { sqlite: state.db }',
      'listen: { port: 0 }',
      `systems: { hubspot: { kind: hubspot, base_url: "${hubspotUrl}", token_env: LK_HUBSPOT_TOKEN } }`,
      'lanes:',
      `  web-form-to-hubspot-contacts: { contract: "${contract}", token_env: LK_WEB_TOKEN, user: web-forms }`,
      'operators: { token_env: LK_OPERATOR_TOKEN }',
    ].join('\n'),
  );
  return file;
}

let emulator: HubSpotEmulator | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await emulator?.close();
  emulator = undefined;
});

describe('lanekeeper serve', () => {
  it('refuses to start without a token variable, naming it and never a value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-serve-'));
    const file = writeConfig(dir, 'http://127.0.0.1:9');
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    expect(await main(['serve', '--config', file])).toBe(1);
    expect(err.join('')).toContain('environment variable LK_HUBSPOT_TOKEN is not set (line 4)');
    expect(await main(['serve'])).toBe(2);
    expect(err.join('')).toContain('serve: --config FILE is required');
  });

  it('serves until SIGTERM, finishes the request in flight, then closes the store', async () => {
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'lk-serve-'));
    const file = writeConfig(dir, emulator.url);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/server/serve-entry.ts'), 'serve', '-c', file],
      {
        cwd: root,
        env: {
          ...process.env,
          LK_HUBSPOT_TOKEN: emulator.token,
          LK_WEB_TOKEN: WEB_TOKEN,
          LK_OPERATOR_TOKEN: OPERATOR_TOKEN,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /on (http:\/\/[^,\s]+)/.exec(stderr);
        if (found?.[1]) resolve(found[1]);
      });
      void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // The write takes a while; SIGTERM arrives while the request waits for its decision.
    emulator.injectFault({ kind: 'latency', ms: 400 }, { times: 2 });
    const inFlight = fetch(`${url}/v1/lanes/web-form-to-hubspot-contacts/events?wait=true&timeout_ms=5000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
      body: JSON.stringify({ event_key: 'e1', payload: webForm('ada.lovelace@example.com') }),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { events: { id: string; status: string }[] };
    expect(body.events[0]?.status).toBe('written');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: draining');
    expect(stderr).toContain('lanekeeper: stopped');

    const logs = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.some((l) => l['route'] === '/v1/lanes/{lane}/events' && l['status'] === 200)).toBe(true);
    for (const secret of ['ada.lovelace@example.com', WEB_TOKEN, OPERATOR_TOKEN, emulator.token]) {
      expect(stdout).not.toContain(secret);
    }
    const store = await openStateStore({ kind: 'sqlite', path: join(dir, 'state.db') });
    expect((await store.getEvent(body.events[0]?.id ?? ''))?.status).toBe('written');
    await store.close();
  });
});
