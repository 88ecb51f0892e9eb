import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../src/contract/index.js';
import { DEFAULT_LIMITS, loadGatewayConfig, parseGatewayConfig } from '../../src/config/index.js';
import { TOKENS, configDir, configError, validConfig, yaml } from './config-fixture.js';

describe('gateway config', () => {
  it('reads a valid config, resolving paths against the config file and tokens from the environment', async () => {
    const dir = configDir();
    const file = join(dir, 'lanekeeper.yaml');
    writeFileSync(
      file,
      validConfig('listen: { port: 9090 }', 'workers: 2', 'limits: { max_body_bytes: 2048 }'),
    );
    const config = await loadGatewayConfig(file, TOKENS);
    expect(config.store).toEqual({ kind: 'sqlite', path: join(dir, 'state.db') });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config.workers).toBe(2);
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxBodyBytes: 2048 });
    const lane = config.lanes['web-forms'];
    expect(lane).toMatchObject({ name: 'web-forms', contractFile: join(dir, 'web.yaml'), user: 'WEB_TOKEN' });
    expect(lane?.token.reveal()).toBe(TOKENS['WEB_TOKEN']);
    expect(config.systems['hubspot']?.token.reveal()).toBe(TOKENS['HUBSPOT_TOKEN']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('bounds the shutdown drain: 10 s unless shutdown.drain_timeout_ms says otherwise', async () => {
    const dir = configDir();
    const file = join(dir, 'lanekeeper.yaml');
    writeFileSync(file, validConfig());
    expect((await loadGatewayConfig(file, TOKENS)).shutdown).toEqual({ drainTimeoutMs: 10_000 });
    writeFileSync(file, validConfig('shutdown: { drain_timeout_ms: 2500 }'));
    expect((await loadGatewayConfig(file, TOKENS)).shutdown).toEqual({ drainTimeoutMs: 2500 });
    const error = configError(validConfig('shutdown:', '  drain_timeout_ms: -1'), dir);
    expect(error.issues.map((i) => i.yamlPath)).toEqual(['shutdown.drain_timeout_ms']);
  });

  it('refuses an integration user name no store can keep (it is recorded with every event)', () => {
    const text = validConfig().replace(
      '    token_env: WEB_TOKEN',
      '    token_env: WEB_TOKEN\n    user: "web\\0forms"',
    );
    const error = configError(text, configDir());
    expect(error.issues.map((i) => [i.yamlPath, i.line])).toEqual([['lanes.web-forms.user', 13]]);
    expect(error.message).toMatch(/NUL character/);
  });

  it('never prints a credential: logging or serializing the config shows variable names only', () => {
    const dir = configDir();
    const config = parseGatewayConfig(validConfig(), join(dir, 'lanekeeper.yaml'), TOKENS);
    const printed = `${JSON.stringify(config)} ${inspect(config, { depth: 10 })} ${String(config.operatorToken)}`;
    for (const value of Object.values(TOKENS)) expect(printed).not.toContain(value);
    expect(printed).toContain('[secret OPERATOR_TOKEN]');
  });

  it('takes the PostgreSQL URL from the variable the file names', () => {
    const dir = configDir();
    const text = validConfig().replace(
      '  sqlite: state.db',
      '  postgres_env: DATABASE_URL\n  schema: lk_test',
    );
    const url = 'postgres://lk:secret@localhost/lk';
    const config = parseGatewayConfig(text, join(dir, 'lanekeeper.yaml'), { ...TOKENS, DATABASE_URL: url });
    expect(config.store.kind).toBe('postgres');
    if (config.store.kind === 'postgres') {
      expect(config.store.url.reveal()).toBe(url);
      expect(config.store.schema).toBe('lk_test');
    }
  });

  it('refuses a literal token, naming the line and saying where tokens come from', () => {
    const dir = configDir();
    const text = validConfig().replace('    token_env: WEB_TOKEN', '    token: web-token-0123456789abcdef');
    const error = configError(text, dir);
    expect(error.code).toBe('config_invalid');
    expect(error.issues.map((i) => [i.yamlPath, i.line])).toEqual([
      ['lanes.web-forms', 10],
      ['lanes.web-forms.token', 12],
    ]);
    expect(error.message).toContain(
      'lanes.web-forms.token: a literal token does not belong in the config file (line 12); ' +
        'tokens come only from environment variables',
    );
    expect(error.message).toContain("lanes.web-forms: missing 'token_env' (line 10)");
    expect(error.message).not.toContain('0123456789abcdef');
  });

  it('refuses a token pasted where a variable name belongs, without echoing it', () => {
    const dir = configDir();
    const text = validConfig().replace('token_env: HUBSPOT_TOKEN', 'token_env: pat-na1-7f3e-secret');
    const error = configError(text, dir);
    expect(error).toMatchObject({ yamlPath: 'systems.hubspot.token_env', line: 8 });
    expect(error.message).toContain('must name an environment variable');
    expect(error.message).not.toContain('7f3e');
  });

  it('refuses a password inside a literal PostgreSQL URL', () => {
    const dir = configDir();
    const text = validConfig().replace('  sqlite: state.db', '  postgres: postgres://lk:hunter2@db/lk');
    const error = configError(text, dir);
    expect(error).toMatchObject({ yamlPath: 'store.postgres', line: 3 });
    expect(error.message).toContain('postgres_env');
    expect(error.message).not.toContain('hunter2');
  });

  it('names every missing environment variable at its line, never a value', () => {
    const dir = configDir();
    const error = configError(validConfig(), dir, { WEB_TOKEN: TOKENS['WEB_TOKEN'] });
    expect(error.code).toBe('config_env_missing');
    expect(error.issues.map((i) => [i.yamlPath, i.line, i.message])).toEqual([
      ['systems.hubspot.token_env', 8, 'environment variable HUBSPOT_TOKEN is not set'],
      ['operators.token_env', 14, 'environment variable OPERATOR_TOKEN is not set'],
    ]);
    expect(error.message).not.toContain(TOKENS['WEB_TOKEN']);
  });

  it('refuses short tokens and one token under two variable names', () => {
    const dir = configDir();
    const text = validConfig().replace(
      'operators:',
      yaml(
        '  billing:',
        '    contract: billing.yaml',
        '    token_env: BILLING_TOKEN',
        'operators:',
      ).trimEnd(),
    );
    const error = configError(text, dir, {
      ...TOKENS,
      WEB_TOKEN: 'short',
      BILLING_TOKEN: TOKENS['OPERATOR_TOKEN'],
    });
    expect(error.issues.map((i) => [i.yamlPath, i.code])).toEqual([
      ['lanes.web-forms.token_env', 'invalid_value'],
      ['operators.token_env', 'duplicate'],
    ]);
    expect(error.message).toContain('the token in WEB_TOKEN is shorter than 16 characters');
    expect(error.message).toContain('OPERATOR_TOKEN holds the same token as BILLING_TOKEN');
  });

  it('lets lanes share an integration user, but not under two user names', () => {
    const dir = configDir();
    const shared = validConfig().replace(
      'operators:',
      yaml(
        '  web-leads:',
        '    contract: web-leads.yaml',
        '    token_env: WEB_TOKEN',
        'operators:',
      ).trimEnd(),
    );
    const config = parseGatewayConfig(shared, join(dir, 'lanekeeper.yaml'), TOKENS);
    expect(config.lanes['web-leads']?.user).toBe(config.lanes['web-forms']?.user);

    const conflicting = shared.replace(
      '    token_env: WEB_TOKEN\noperators',
      '    token_env: WEB_TOKEN\n    user: leads\noperators',
    );
    const error = configError(conflicting, dir);
    expect(error).toMatchObject({ yamlPath: 'lanes.web-leads.user', line: 16 });
    expect(error.message).toContain("lanes sharing WEB_TOKEN share one integration user, 'WEB_TOKEN'");
  });

  it('refuses the operator token as a lane token', () => {
    const dir = configDir();
    const error = configError(
      validConfig().replace('token_env: WEB_TOKEN', 'token_env: OPERATOR_TOKEN'),
      dir,
    );
    expect(error).toMatchObject({ yamlPath: 'lanes.web-forms.token_env', line: 12 });
  });

  it('suggests the closest key for a typo and lists the allowed ones otherwise', () => {
    const dir = configDir();
    const error = configError(validConfig('limits:', '  max_body_byte: 10', '  frobs: 1'), dir);
    expect(error.issues.map((i) => i.message + ' / ' + i.hint)).toEqual([
      "unknown key 'max_body_byte' / did you mean 'max_body_bytes'?",
      "unknown key 'frobs' / allowed keys: max_body_bytes, max_events_per_request, max_wait_ms",
    ]);
    expect(error.issues.map((i) => i.line)).toEqual([16, 17]);
  });

  it('locates wrong types, bad values and a missing contract file', () => {
    const dir = configDir();
    const text = validConfig('listen:', '  port: 70000', 'workers: two').replace(
      'contract: web.yaml',
      'contract: nope.yaml',
    );
    const error = configError(text, dir);
    expect(error.issues.map((i) => [i.yamlPath, i.line])).toEqual([
      ['listen.port', 16],
      ['workers', 17],
    ]);
    expect(error.message).toContain('workers: expected a number, got a string (line 17)');
    const missing = configError(validConfig().replace('contract: web.yaml', 'contract: nope.yaml'), dir);
    expect(missing.message).toContain(
      'lanes.web-forms.contract: lane contract not found: nope.yaml (line 11)',
    );
  });

  it('names an unknown system kind and a store given twice', () => {
    const dir = configDir();
    const error = configError(
      validConfig()
        .replace('kind: hubspot', 'kind: hubspto')
        .replace('  sqlite: state.db', '  sqlite: a.db\n  postgres_env: DB'),
      dir,
    );
    expect(error.issues.map((i) => [i.yamlPath, i.message])).toEqual([
      ['store', 'give one store, not sqlite and postgres_env'],
      ['systems.hubspot.kind', "unknown system kind 'hubspto'"],
    ]);
  });

  it('reports YAML syntax errors and missing files', async () => {
    const dir = configDir();
    expect(configError('store: [\n', dir).code).toBe('config_syntax');
    expect(configError('', dir).code).toBe('config_empty');
    await expect(loadGatewayConfig(join(dir, 'absent.yaml'), TOKENS)).rejects.toMatchObject({
      code: 'config_not_found',
    });
  });

  it('checks each lane contract against the config: its lane name and target system', () => {
    const dir = configDir();
    const renamed = configError(validConfig().replace('  web-forms:', '  web-leads:'), dir);
    expect(renamed).toMatchObject({ yamlPath: 'lanes.web-leads', line: 10 });
    expect(renamed.message).toContain("web.yaml is the contract of lane 'web-forms'");
    const text = validConfig().replace(/systems:\n( {4}.*\n| {2}hubspot:\n)+/, 'systems: {}\n');
    const noSystem = configError(text, dir);
    expect(noSystem).toMatchObject({ yamlPath: 'lanes.web-forms.contract' });
    expect(noSystem.message).toContain("the contract writes to system 'hubspot', which is not under systems");
  });

  it('lets a broken lane contract report its own file and line', () => {
    const dir = configDir();
    writeFileSync(join(dir, 'web.yaml'), yaml('version: 1', 'identity:', '  preset: persn'));
    expect(() => parseGatewayConfig(validConfig(), join(dir, 'lanekeeper.yaml'), TOKENS)).toThrow(
      ContractError,
    );
    try {
      parseGatewayConfig(validConfig(), join(dir, 'lanekeeper.yaml'), TOKENS);
    } catch (err) {
      expect((err as ContractError).line).toBe(3);
      expect((err as ContractError).message).toContain('web.yaml');
    }
  });

  it('accepts examples/lanekeeper.yaml with its variables set', async () => {
    const file = fileURLToPath(new URL('../../examples/lanekeeper.yaml', import.meta.url));
    const env = {
      HUBSPOT_PRIVATE_APP_TOKEN: 'pat-na1-example',
      WEB_FORMS_TOKEN: 'web-forms-0123456789abcdef',
      HELP_DESK_TOKEN: 'help-desk-0123456789abcdef',
      ENRICHMENT_TOKEN: 'enrichment-0123456789abcdef',
      LANEKEEPER_OPERATOR_TOKEN: 'operator-0123456789abcdef',
    };
    const config = await loadGatewayConfig(file, env);
    expect(Object.keys(config.lanes)).toEqual([
      'web-form-to-hubspot-contacts',
      'help-desk-to-hubspot-contacts',
      'enrichment-to-hubspot-contacts',
    ]);
    expect(config.lanes['help-desk-to-hubspot-contacts']?.contract.flow?.target.object).toBe('contacts');
    await expect(loadGatewayConfig(file, {})).rejects.toMatchObject({ code: 'config_env_missing' });
  });
});
