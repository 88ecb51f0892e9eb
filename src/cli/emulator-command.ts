import { HubSpotEmulatorAdminApp } from '../emulators/hubspot/emulator-admin-app.js';
import { DEFAULT_TOKEN, type HubSpotEmulatorOptions } from '../emulators/hubspot/emulator-options.js';
import { serveOnLoopback } from '../emulators/hubspot/serve-on-loopback.js';
import { integerFlag, parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

const SYSTEMS = ['hubspot'] as const;
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * `lanekeeper emulator hubspot [options]`: serves the HubSpot emulator in this process until SIGTERM or
 * SIGINT, so that gateways can be stopped and started against one CRM. Prints the base URL on stdout.
 */
export async function runEmulatorCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'emulator',
    args,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      'indexing-delay-ms': { type: 'string' },
      'fault-rate': { type: 'string' },
      'fault-seed': { type: 'string' },
      'rate-limit': { type: 'string' },
      'search-per-second': { type: 'string' },
      'token-env': { type: 'string' },
      'read-only-properties': { type: 'string' },
      bare: { type: 'boolean' },
      scopes: { type: 'string' },
    },
    1,
  );
  const system = positionals[0];
  if (system === undefined) throw new UsageError(`emulator: name the system (${SYSTEMS.join(', ')})`);
  if (!(SYSTEMS as readonly string[]).includes(system))
    throw new UsageError(`emulator: no emulator for '${system}' (systems: ${SYSTEMS.join(', ')})`);

  const options = emulatorOptions(values, env);
  const app = new HubSpotEmulatorAdminApp(options);
  const served = await serveOnLoopback(app);
  process.stdout.write(`${served.url}\n`);
  const { indexingDelayMs, faults, rateLimit } = app.options;
  process.stderr.write(
    `lanekeeper: HubSpot emulator on ${served.url} (indexing delay ${indexingDelayMs} ms, fault rate ` +
      `${faults.errorRate}, ${rateLimit.max} requests per ${rateLimit.windowMs} ms, search ` +
      `${rateLimit.searchPerSecond}/s); records at ${served.url}/__emulator/records/contacts; ` +
      'SIGTERM or Ctrl-C stops\n',
  );
  const signal = await new Promise<string>((resolve) => {
    for (const name of SHUTDOWN_SIGNALS) process.once(name, () => resolve(name));
  });
  await served.close();
  process.stderr.write(`lanekeeper: ${signal}: emulator stopped\n`);
  return 0;
}

function emulatorOptions(
  values: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): HubSpotEmulatorOptions {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const port = integerFlag('port', text('port'), 0);
  if (port > 65_535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const faultRate = shareFlag('fault-rate', text('fault-rate'));
  const max = text('rate-limit');
  const search = text('search-per-second');
  const readOnly = listFlag(text('read-only-properties'));
  const scopes = text('scopes')
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    ...(values['bare'] === true ? { customProperties: { contacts: [], companies: [] } } : {}),
    ...(scopes === undefined ? {} : { scopes }),
    host: text('host') ?? '127.0.0.1',
    port,
    tokens: [tokenFrom(text('token-env'), env)],
    ...(readOnly.length === 0 ? {} : { readOnlyProperties: { contacts: readOnly } }),
    ...(text('indexing-delay-ms') === undefined
      ? {}
      : { indexingDelayMs: integerFlag('indexing-delay-ms', text('indexing-delay-ms'), 0) }),
    rateLimit: {
      ...(max === undefined ? {} : { max: integerFlag('rate-limit', max, 0, 1) }),
      ...(search === undefined ? {} : { searchPerSecond: integerFlag('search-per-second', search, 0, 1) }),
    },
    faults: {
      seed: integerFlag('fault-seed', text('fault-seed'), 1),
      errorRate: faultRate,
      errorStatuses: [503],
      timeoutAfterCommitRate: faultRate,
      timeoutMode: 'drop',
    },
  };
}

/** The accepted token: read from the named variable (never printed), else the emulator's default token. */
function tokenFrom(variable: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (variable === undefined) return DEFAULT_TOKEN;
  const token = env[variable];
  if (token === undefined || token.trim() === '')
    throw new UsageError(`emulator: environment variable ${variable} (--token-env) is not set`);
  return token.trim();
}

/** A comma-separated list of property names. */
function listFlag(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(',').map((n) => n.trim());
  const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (bad !== undefined)
    throw new UsageError(`--read-only-properties takes property names separated by commas, got '${bad}'`);
  return names;
}

function shareFlag(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--${name} must be a number from 0 to 1, got '${value}'`);
  return n;
}
