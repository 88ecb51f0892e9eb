import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/config/index.js';
import { TOKENS, configDir, configError, validConfig, yaml } from './config-fixture.js';

describe('retry and outage settings in the gateway config', () => {
  it('reads event retries, the outage pause and the per-system request retries', () => {
    const dir = configDir();
    const text = validConfig(
      'retry: { max_attempts: 8, base_delay_ms: 500, max_delay_ms: 60000 }',
      'outages: { pause_after_failures: 5, probe_base_ms: 2000, probe_max_ms: 120000 }',
    ).replace(
      '    token_env: HUBSPOT_TOKEN\n',
      '    token_env: HUBSPOT_TOKEN\n    requests: { attempts: 3, timeout_ms: 10000 }\n',
    );
    const config = parseGatewayConfig(text, join(dir, 'lanekeeper.yaml'), TOKENS);
    expect(config.retry).toEqual({ maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 60_000 });
    expect(config.outages).toEqual({ failuresToPause: 5, probeBaseMs: 2_000, probeMaxMs: 120_000 });
    expect(config.systems['hubspot']?.requests).toEqual({ attempts: 3, timeoutMs: 10_000 });
  });

  it('keeps the defaults when the sections are absent', () => {
    const config = parseGatewayConfig(validConfig(), join(configDir(), 'lanekeeper.yaml'), TOKENS);
    expect(config.retry).toEqual({});
    expect(config.outages).toEqual({});
    expect(config.systems['hubspot']?.requests).toEqual({});
  });

  it('names a bad value and an unknown key with their line', () => {
    const dir = configDir();
    const error = configError(
      yaml(validConfig().trimEnd(), 'outages:', '  pause_after_failure: 2', 'retry:', '  max_attempts: 0'),
      dir,
    );
    const text = error.issues.map((i) => `${i.yamlPath} (line ${i.line}): ${i.message}`).join('\n');
    expect(text).toContain("outages.pause_after_failure (line 16): unknown key 'pause_after_failure'");
    expect(text).toContain('retry.max_attempts (line 18): 0 is out of range');
  });
});
