import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  startHubSpotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../src/emulators/hubspot/index.js';
import { OPERATOR_TOKEN, WEB_TOKEN } from './server-fixture.js';

/** Spawns the built command (`npm run build` first). */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/lanekeeper.js');
const contract = join(root, 'examples/lanes/web-form-to-hubspot-contacts.yaml');
const BARE: HubSpotEmulatorOptions = { customProperties: { contacts: [], companies: [] } };

function writeConfig(hubspotUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lk-target-check-'));
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

function env(hubspotToken: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LK_HUBSPOT_TOKEN: hubspotToken,
    LK_WEB_TOKEN: WEB_TOKEN,
    LK_OPERATOR_TOKEN: OPERATOR_TOKEN,
  };
}

/** Runs `serve` until it prints its URL (then stops it) or exits; the exit code and stderr. */
async function serve(file: string, hubspotToken: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '-c', file], {
    cwd: root,
    env: env(hubspotToken),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (/serving \d+ lane/.test(stderr)) child.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stderr };
}

async function setup(
  file: string,
  token: string,
  ...flags: string[]
): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const saved = { ...process.env };
  Object.assign(process.env, env(token));
  try {
    const code = await main(['setup', '--config', file, ...flags]);
    return { code, out: out.join('') };
  } finally {
    process.env = saved;
    vi.restoreAllMocks();
  }
}

let emulator: HubSpotEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('start-up checks of the target', () => {
  it('serve stops on a wrong token, naming the variable and never the token', async () => {
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
    const { code, stderr } = await serve(writeConfig(emulator.url), 'pat-wrong-token-0123456789');
    expect(code).toBe(1);
    expect(stderr).toMatch(/lanekeeper: error: .*lanekeeper.yaml: 1 problem with the target systems/);
    expect(stderr).toContain('hubspot (token from LK_HUBSPOT_TOKEN): HubSpot refused the token (HTTP 401');
    expect(stderr).not.toContain('pat-wrong-token-0123456789');
    expect(stderr).not.toMatch(/serving \d+ lane/);
  }, 30_000);

  it('serve stops on a portal without the properties; setup creates them once; then serve starts', async () => {
    emulator = await startHubSpotEmulator({ indexingDelayMs: 0, ...BARE });
    const file = writeConfig(emulator.url);
    const refused = await serve(file, emulator.token);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('contacts property lanekeeper_id (anchor) does not exist');
    expect(refused.stderr).toContain('contacts property lanekeeper_sources (provenance) does not exist');
    expect(refused.stderr).toContain('run `lanekeeper setup --config FILE`');

    const dry = await setup(file, emulator.token, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('hubspot: would create (dry run):');
    expect(dry.out).toContain(
      "create contacts property 'lanekeeper_id' (label 'Lanekeeper ID', single-line text, \"Require unique values\" on)",
    );
    expect((await setup(file, emulator.token, '--dry-run')).out).toBe(dry.out);

    const done = await setup(file, emulator.token);
    expect(done.code).toBe(0);
    expect(done.out).toContain('hubspot: created contacts property lanekeeper_id (anchor, unique values)');
    expect(done.out).toContain('hubspot: created contacts property lanekeeper_sources (provenance)');
    expect(done.out).toContain('hubspot: ready');
    const again = await setup(file, emulator.token);
    expect(again).toEqual({ code: 0, out: 'hubspot: ready (8 properties on contacts checked)\n' });

    const started = await serve(file, emulator.token);
    expect(started.stderr).toMatch(/serving 1 lane/);
  }, 60_000);

  it('setup prints what an admin must create when the token may not', async () => {
    emulator = await startHubSpotEmulator({
      indexingDelayMs: 0,
      ...BARE,
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read'],
    });
    const file = writeConfig(emulator.url);
    const { code, out } = await setup(file, emulator.token);
    expect(code).toBe(1);
    expect(out).toContain(
      'hubspot: the token may not create properties (it lacks the schema write scope); an admin must create:',
    );
    expect(out).toContain(
      "  - in HubSpot, Settings → Properties → contacts: create contacts property 'lanekeeper_sources'",
    );
    expect((await lanekeeperProperties(emulator)).length).toBe(0);
  }, 30_000);
});

async function lanekeeperProperties(em: HubSpotEmulator): Promise<unknown[]> {
  const res = await fetch(`${em.url}/crm/v3/properties/contacts`, {
    headers: { authorization: `Bearer ${em.token}` },
  });
  const body = (await res.json()) as { results: { name: string }[] };
  return body.results.filter((p) => p.name.startsWith('lanekeeper'));
}
