import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ContractIssue, PathIssue } from '../contract/contract-error.js';
import type { LaneContract } from '../contract/load-contract.js';
import { formatYamlPath, locateYamlPath } from '../contract/yaml-locate.js';
import { ConfigError, type ConfigErrorCode } from './config-error.js';
import { configIssues } from './config-issues.js';
import { readContracts } from './read-contracts.js';
import { readSecrets } from './read-secrets.js';
import type { GatewayConfig, LaneConfig, StoreConfig, SystemConfig } from './gateway-config.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_TARGET_INDEX,
  DEFAULT_LISTEN,
  DEFAULT_DRAIN_TIMEOUT_MS,
  gatewayConfigSchema,
  type GatewayConfigInput,
} from './gateway-config-schema.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads and validates the gateway config; credentials come from `env`. Throws `ConfigError`. */
export async function loadGatewayConfig(
  path: string,
  env: Environment = process.env,
): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError('config_not_found', 'config file not found; check the path', {
        file: path,
        cause,
      });
    }
    throw new ConfigError('config_unreadable', `cannot read the config file (${code ?? String(cause)})`, {
      file: path,
      cause,
    });
  }
  return parseGatewayConfig(text, path, env);
}

/**
 * Validates gateway config YAML and the lane contracts it names. Relative paths (the store file, lane
 * contracts) are resolved against the directory of `file`. Every problem is reported at once, with its YAML
 * path and line; a contract's own problems are reported as a `ContractError` naming the contract file.
 */
export function parseGatewayConfig(text: string, file: string, env: Environment): GatewayConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): ContractIssue => ({
      code: 'yaml_syntax',
      yamlPath: '',
      line: error.linePos?.[0].line ?? null,
      column: error.linePos?.[0].col ?? null,
      message: `YAML syntax error: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      hint: null,
    }));
    throw new ConfigError('config_syntax', `${issues.length} YAML syntax errors`, { file, issues });
  }
  if (doc.contents === null) {
    throw new ConfigError('config_empty', 'the config is empty; see examples/lanekeeper.yaml', { file });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new ConfigError('config_syntax', `cannot read the YAML: ${(cause as Error).message}`, {
      file,
      cause,
    });
  }
  const parsed = gatewayConfigSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    fail('config_invalid', file, doc, lineCounter, configIssues(parsed.error.issues, gatewayConfigSchema));
  }
  const input = parsed.data;
  const baseDir = dirname(resolve(file));

  const contracts = readContracts(input, baseDir);
  if (contracts.issues.length > 0) fail('config_invalid', file, doc, lineCounter, contracts.issues);

  const secrets = readSecrets(input, env);
  if (secrets.issues.length > 0) {
    const onlyMissing = secrets.issues.every((issue) => issue.code === 'missing');
    fail(onlyMissing ? 'config_env_missing' : 'config_invalid', file, doc, lineCounter, secrets.issues);
  }
  return build(input, file, baseDir, contracts.byLane, secrets.get);
}

function build(
  input: GatewayConfigInput,
  file: string,
  baseDir: string,
  contracts: ReadonlyMap<string, LaneContract>,
  secret: ReturnType<typeof readSecrets>['get'],
): GatewayConfig {
  const store: StoreConfig =
    input.store.sqlite !== undefined
      ? {
          kind: 'sqlite',
          path: input.store.sqlite === ':memory:' ? ':memory:' : resolve(baseDir, input.store.sqlite),
        }
      : {
          kind: 'postgres',
          url: secret(input.store.postgres_env ?? null, input.store.postgres),
          ...(input.store.schema === undefined ? {} : { schema: input.store.schema }),
        };
  const systems: Record<string, SystemConfig> = {};
  for (const [name, system] of Object.entries(input.systems)) {
    systems[name] = Object.freeze({
      name,
      kind: system.kind,
      baseUrl: system.base_url,
      token: secret(system.token_env),
      requests: Object.freeze(
        defined({
          attempts: system.requests?.attempts,
          baseDelayMs: system.requests?.base_delay_ms,
          maxDelayMs: system.requests?.max_delay_ms,
          maxRetryAfterMs: system.requests?.max_retry_after_ms,
          timeoutMs: system.requests?.timeout_ms,
        }),
      ),
    });
  }
  const lanes: Record<string, LaneConfig> = {};
  for (const [name, lane] of Object.entries(input.lanes)) {
    lanes[name] = Object.freeze({
      name,
      contractFile: resolve(baseDir, lane.contract),
      contract: contracts.get(name) as LaneContract,
      user: lane.user ?? lane.token_env,
      token: secret(lane.token_env),
    });
  }
  return Object.freeze({
    file,
    store: Object.freeze(store),
    listen: Object.freeze({
      host: input.listen?.host ?? DEFAULT_LISTEN.host,
      port: input.listen?.port ?? DEFAULT_LISTEN.port,
    }),
    systems: Object.freeze(systems),
    lanes: Object.freeze(lanes),
    operatorToken: secret(input.operators.token_env),
    workers: input.workers ?? 4,
    limits: Object.freeze({
      maxBodyBytes: input.limits?.max_body_bytes ?? DEFAULT_LIMITS.maxBodyBytes,
      maxEventsPerRequest: input.limits?.max_events_per_request ?? DEFAULT_LIMITS.maxEventsPerRequest,
      maxWaitMs: input.limits?.max_wait_ms ?? DEFAULT_LIMITS.maxWaitMs,
    }),
    shutdown: Object.freeze({
      drainTimeoutMs: input.shutdown?.drain_timeout_ms ?? DEFAULT_DRAIN_TIMEOUT_MS,
    }),
    ...(input.target_index?.enabled === false
      ? {}
      : {
          targetIndex: Object.freeze({
            refreshMs: 1_000 * (input.target_index?.refresh_seconds ?? DEFAULT_TARGET_INDEX.refreshSeconds),
            overlapMs: 1_000 * (input.target_index?.overlap_seconds ?? DEFAULT_TARGET_INDEX.overlapSeconds),
          }),
        }),
    retry: Object.freeze(
      defined({
        maxAttempts: input.retry?.max_attempts,
        baseDelayMs: input.retry?.base_delay_ms,
        maxDelayMs: input.retry?.max_delay_ms,
      }),
    ),
    outages: Object.freeze(
      defined({
        failuresToPause: input.outages?.pause_after_failures,
        probeBaseMs: input.outages?.probe_base_ms,
        probeMaxMs: input.outages?.probe_max_ms,
      }),
    ),
  });
}

/** The entries whose value is given (exact optional properties: an absent key, never `undefined`). */
function defined<T extends Record<string, number | undefined>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function fail(
  code: ConfigErrorCode,
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  found: readonly PathIssue[],
): never {
  const issues = found
    .map((issue): ContractIssue => {
      const at = locateYamlPath(doc, lineCounter, issue.path);
      return { ...issue, yamlPath: formatYamlPath(at.path), line: at.line, column: at.column };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const summary = issues.length === 1 ? '1 problem in the config' : `${issues.length} problems in the config`;
  throw new ConfigError(code, summary, { file, issues });
}
