import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ConfigError, parseGatewayConfig, type Environment } from '../../src/config/index.js';

const EXAMPLE_CONTRACT = readFileSync(
  new URL('../../examples/lanes/web-form-to-hubspot-contacts.yaml', import.meta.url),
  'utf8',
);

/** The example web-form contract, renamed to `lane`. */
export function contractFor(lane: string): string {
  return EXAMPLE_CONTRACT.replace(/^lane: .*$/m, `lane: ${lane}`);
}

/** A directory holding lane contracts for the lanes web-forms (web.yaml), web-leads and billing. */
export function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lk-config-'));
  writeFileSync(join(dir, 'web.yaml'), contractFor('web-forms'));
  writeFileSync(join(dir, 'web-leads.yaml'), contractFor('web-leads'));
  writeFileSync(join(dir, 'billing.yaml'), contractFor('billing'));
  return dir;
}

export const TOKENS: Environment = {
  WEB_TOKEN: 'web-token-0123456789abcdef',
  BILLING_TOKEN: 'billing-token-0123456789abcdef',
  OPERATOR_TOKEN: 'operator-token-0123456789abcdef',
  HUBSPOT_TOKEN: 'pat-na1-00000000-hubspot',
};

/** Joins lines so that test YAML reads top to bottom with known line numbers (line 1 first). */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A valid config; `extra` lines are appended. */
export function validConfig(...extra: string[]): string {
  return yaml(
    'version: 1',
    'store:',
    '  sqlite: state.db',
    'systems:',
    '  hubspot:',
    '    kind: hubspot',
    '    base_url: http://127.0.0.1:4010',
    '    token_env: HUBSPOT_TOKEN',
    'lanes:',
    '  web-forms:',
    '    contract: web.yaml',
    '    token_env: WEB_TOKEN',
    'operators:',
    '  token_env: OPERATOR_TOKEN',
    ...extra,
  );
}

export function configError(text: string, dir: string, env: Environment = TOKENS): ConfigError {
  try {
    parseGatewayConfig(text, join(dir, 'lanekeeper.yaml'), env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the config to be rejected');
}
