import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGatewayConfig, type GatewayConfig } from '../../src/config/index.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { createApp, type App, type AppParts } from '../../src/server/create-app.js';
import { openGateway, type Gateway, type GateOverrides } from '../../src/server/open-gateway.js';
import { createServerLogger } from '../../src/server/server-logger.js';
import type { StateStore } from '../../src/store/state-store.js';

export const WEB_TOKEN = 'web-forms-token-7b1d3f0c9e2a4d6b';
export const BILLING_TOKEN = 'billing-token-5e8a1c2b7d9f3a0e';
export const ENRICHMENT_TOKEN = 'enrichment-token-9d0c8b7a6f5e4d3c';
export const OPERATOR_TOKEN = 'operator-token-2c4e6a8b0d1f3e5a';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const example = (name: string) =>
  readFileSync(new URL(`../../examples/lanes/${name}.yaml`, import.meta.url), 'utf8');

/** A web-form submission as the example contract wants it. */
export function webForm(email: string, extra: Record<string, unknown> = {}) {
  const [first = 'Ada', last = 'Lovelace'] = email.split('@')[0]?.split('.') ?? [];
  return {
    email,
    first_name: first,
    last_name: last,
    form_id: 'contact-us',
    submitted_at: '2024-06-01T10:00:00Z',
    ...extra,
  };
}

export interface FixtureOptions {
  readonly limits?: AppParts['limits'];
  readonly gate?: GateOverrides;
  /** Start the gate's workers (events get decided and written to the emulator). */
  readonly workers?: boolean;
  /** Lanes whose contract says `dry_run: true`. */
  readonly dryRun?: readonly string[];
  /** PostgreSQL instead of SQLite: the store URL and schema. */
  readonly postgres?: { readonly url: string; readonly schema: string };
  /** YAML lines added to a lane's contract, by lane name (`max_creates: 3 per hour`). */
  readonly laneExtra?: Readonly<Record<string, readonly string[]>>;
}

export interface AppFixture {
  readonly app: App;
  readonly store: StateStore;
  readonly gateway: Gateway;
  readonly config: GatewayConfig;
  readonly emulator: HubSpotEmulator;
  /** Every log line written so far, raw. */
  logs(): string;
  close(): Promise<void>;
}

/**
 * The real thing in-process: a gateway config (lanes web-forms and web-leads for one integration user,
 * billing for another, enrichment — update only — for a third) over the example contracts, the real gate and
 * store, and the HubSpot emulator. The log is captured.
 */
export async function openAppFixture(options: FixtureOptions = {}): Promise<AppFixture> {
  const emulator = await startHubSpotEmulator({ indexingDelayMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'lk-server-'));
  const web = example('web-form-to-hubspot-contacts');
  for (const lane of ['web-forms', 'web-leads', 'billing']) {
    const contract = web.replace(/^lane: .*$/m, `lane: ${lane}`);
    const extra = [
      ...(options.laneExtra?.[lane] ?? []),
      ...(options.dryRun?.includes(lane) === true ? ['dry_run: true'] : []),
    ].join('\n');
    writeFileSync(join(dir, `${lane}.yaml`), `${contract}\n${extra}\n`);
  }
  writeFileSync(
    join(dir, 'enrichment.yaml'),
    example('enrichment-to-hubspot-contacts').replace(/^lane: .*$/m, 'lane: enrichment'),
  );
  const store = options.postgres
    ? ['store:', '  postgres_env: TEST_DATABASE_URL', `  schema: ${options.postgres.schema}`]
    : ['store:', '  sqlite: state.db'];
  const text = [
    'version: 1',
    ...store,
    'systems:',
    '  hubspot: { kind: hubspot, base_url: "' + emulator.url + '", token_env: HUBSPOT_TOKEN }',
    'lanes:',
    '  web-forms: { contract: web-forms.yaml, token_env: WEB_TOKEN, user: web-integration }',
    '  web-leads: { contract: web-leads.yaml, token_env: WEB_TOKEN, user: web-integration }',
    '  billing: { contract: billing.yaml, token_env: BILLING_TOKEN, user: billing-integration }',
    '  enrichment: { contract: enrichment.yaml, token_env: ENRICHMENT_TOKEN, user: enrichment-integration }',
    'operators: { token_env: OPERATOR_TOKEN }',
    'workers: 2',
  ].join('\n');
  const config = parseGatewayConfig(text, join(dir, 'lanekeeper.yaml'), {
    WEB_TOKEN,
    BILLING_TOKEN,
    ENRICHMENT_TOKEN,
    OPERATOR_TOKEN,
    HUBSPOT_TOKEN: emulator.token,
    ...(options.postgres ? { TEST_DATABASE_URL: options.postgres.url } : {}),
  });
  const gateway = await openGateway(config, {
    pollMs: 5,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...options.gate,
  });
  const lines: string[] = [];
  const logger = createServerLogger({ destination: { write: (line: string) => void lines.push(line) } });
  const app = createApp({
    gate: gateway.gate,
    store: gateway.store,
    lanes: config.lanes,
    operatorToken: config.operatorToken,
    limits: { ...config.limits, ...options.limits },
    gateEvents: gateway.events,
    logger,
  });
  if (options.workers) {
    // As after `lanekeeper index`: the target index is ready, so the lanes take events at once.
    await gateway.gate.prepareTargetIndex();
    gateway.gate.start();
  }
  return {
    app,
    store: gateway.store,
    gateway,
    config,
    emulator,
    logs: () => lines.join(''),
    close: async () => {
      await app.dispose();
      await gateway.close();
      await emulator.close();
    },
  };
}
