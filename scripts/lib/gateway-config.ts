import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_LANES, DEMO_PRINCIPALS } from '../../src/demo/event-stream.js';
import { ROOT } from './emulator-process.js';

/** Where the gateway keeps its state: one SQLite file, or one PostgreSQL schema shared by every process. */
export type ScaleStore =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** A gateway config file with the example lanes, and the environment holding its tokens. */
export interface ScaleGatewayConfig {
  readonly file: string;
  /** Variables the gateway process needs (tokens); pass them to its environment, never log them. */
  readonly env: Readonly<Record<string, string>>;
  /** The bearer token of each lane's integration user. */
  readonly laneTokens: Readonly<Record<string, string>>;
}

const LANE_ENV: Readonly<Record<string, string>> = {
  [DEMO_LANES.webForm]: 'LK_SCALE_WEB_FORM_TOKEN',
  [DEMO_LANES.helpDesk]: 'LK_SCALE_HELP_DESK_TOKEN',
  [DEMO_LANES.enrichment]: 'LK_SCALE_ENRICHMENT_TOKEN',
};

/** Writes `lanekeeper.yaml` into `dir` for the three example lanes writing HubSpot contacts at `hubspotUrl`. */
export async function writeGatewayConfig(options: {
  readonly dir: string;
  readonly store: ScaleStore;
  readonly hubspotUrl: string;
  readonly hubspotToken: string;
  readonly workers?: number;
}): Promise<ScaleGatewayConfig> {
  const token = (): string => randomBytes(18).toString('base64url');
  const laneTokens = Object.fromEntries(Object.keys(LANE_ENV).map((lane) => [lane, token()]));
  const env: Record<string, string> = {
    LK_SCALE_HUBSPOT_TOKEN: options.hubspotToken,
    LK_SCALE_OPERATOR_TOKEN: token(),
  };
  for (const [lane, variable] of Object.entries(LANE_ENV)) env[variable] = laneTokens[lane]!;
  const store =
    options.store.kind === 'sqlite'
      ? `{ sqlite: ${JSON.stringify(options.store.path)} }`
      : `{ postgres: ${JSON.stringify(options.store.url)}, schema: ${options.store.schema} }`;
  const lanes = Object.entries(LANE_ENV).map(([lane, variable]) => {
    const contract = JSON.stringify(join(ROOT, 'examples', 'lanes', `${lane}.yaml`));
    return `  ${lane}: { contract: ${contract}, token_env: ${variable}, user: ${DEMO_PRINCIPALS[lane]} }`;
  });
  const file = join(options.dir, 'lanekeeper.yaml');
  await writeFile(
    file,
    [
      'version: 1',
      `store: ${store}`,
      'listen: { host: 127.0.0.1, port: 0 }',
      `systems: { hubspot: { kind: hubspot, base_url: ${JSON.stringify(options.hubspotUrl)}, token_env: LK_SCALE_HUBSPOT_TOKEN } }`,
      'lanes:',
      ...lanes,
      'operators: { token_env: LK_SCALE_OPERATOR_TOKEN }',
      `workers: ${options.workers ?? 4}`,
      '',
    ].join('\n'),
  );
  return { file, env, laneTokens };
}
