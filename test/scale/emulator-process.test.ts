/** `lanekeeper emulator hubspot` as its own process (the built CLI): flags, admin API, token, SIGTERM. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startEmulatorProcess, type EmulatorProcess } from '../../scripts/lib/emulator-process.js';

let emulator: EmulatorProcess | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await emulator?.stop();
  emulator = undefined;
});

describe('lanekeeper emulator hubspot', () => {
  it('serves the API with the token from --token-env, counts records on its admin API and stops on SIGTERM', async () => {
    emulator = await startEmulatorProcess({ indexingDelayMs: 0, rateLimit: 2 });
    const { url, token } = emulator;
    const create = (email: string, auth = token) =>
      fetch(`${url}/crm/v3/objects/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { email } }),
      });
    expect((await create('ann@acme.com')).status).toBe(201);
    expect((await create('bo@acme.com')).status).toBe(201);
    expect((await create('cy@acme.com', 'pat-emulator-token')).status).toBe(401);
    expect((await create('cy@acme.com')).status).toBe(429);

    const records = await emulator.records('contacts');
    expect(records.map((r) => r.properties.email)).toEqual(['ann@acme.com', 'bo@acme.com']);
    expect(await emulator.records('companies')).toEqual([]);
    expect(await emulator.stats()).toMatchObject({
      requests: { create: 4 },
      rateLimited: 1,
      unauthorized: 1,
    });
    const admin = (path: string, auth?: string) =>
      fetch(
        `${url}/__emulator/${path}`,
        auth === undefined ? {} : { headers: { authorization: `Bearer ${auth}` } },
      );
    expect((await admin('records/contacts')).status).toBe(401);
    expect((await admin('records/tickets', token)).status).toBe(404);
    expect(await (await admin('records/contacts', token)).json()).toMatchObject({
      object: 'contacts',
      total: 2,
    });

    expect(emulator.process.stderrTail()).not.toContain(token);
    await emulator.process.stop();
    expect(await emulator.process.exited).toBe(0);
    expect(emulator.process.stderrTail()).toContain('SIGTERM: emulator stopped');
  });

  it('refuses bad flags and an unset token variable with a usage error', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    expect(await main(['emulator'])).toBe(2);
    expect(await main(['emulator', 'salesforce'])).toBe(2);
    expect(await main(['emulator', 'hubspot', '--fault-rate', '1.5'])).toBe(2);
    expect(await main(['emulator', 'hubspot', '--token-env', 'LK_SCALE_SURELY_UNSET_VARIABLE'])).toBe(2);
    expect(await main(['emulator', 'hubspot', '--read-only-properties', 'hs_additional_emails,a b'])).toBe(2);
    const text = err.join('');
    expect(text).toContain('emulator: name the system (hubspot)');
    expect(text).toContain("no emulator for 'salesforce'");
    expect(text).toContain("--fault-rate must be a number from 0 to 1, got '1.5'");
    expect(text).toContain('environment variable LK_SCALE_SURELY_UNSET_VARIABLE (--token-env) is not set');
    expect(text).toContain("--read-only-properties takes property names separated by commas, got 'a b'");
  });
});
