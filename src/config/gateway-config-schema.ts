import { z } from 'zod';
import { addContractIssue, integerFrom, oneOf } from '../contract/schema-checks.js';
import { unstorableTextReason } from '../store/storable-text.js';

/** The gateway config versions this build reads. */
export const GATEWAY_CONFIG_VERSION = 1;

export const SYSTEM_KINDS = ['hubspot'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

/** Keys that would hold a credential literally; the config names environment variables instead. */
export const LITERAL_SECRET_KEYS = [
  'token',
  'tokens',
  'api_key',
  'apikey',
  'access_token',
  'bearer',
  'secret',
  'password',
  'private_app_token',
] as const;

export const DEFAULT_LIMITS = {
  maxBodyBytes: 1_048_576,
  maxEventsPerRequest: 1_000,
  maxWaitMs: 30_000,
} as const;
export const DEFAULT_TARGET_INDEX = { refreshSeconds: 60, overlapSeconds: 300 } as const;
export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 8080 } as const;
/** How long a stopping gateway waits for requests and events in flight before it leaves them to their leases. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** The name of an environment variable. The value is never echoed: it may be a pasted token. */
const envName = z.string().superRefine((value, ctx) => {
  if (ENV_NAME.test(value)) return;
  addContractIssue(
    ctx,
    [],
    'invalid_value',
    'must name an environment variable (letters, digits, _), not hold a credential',
    'put the token in an environment variable and write the variable name here, e.g. token_env: LANE_TOKEN',
  );
});

const store = z
  .object({
    sqlite: z.string().min(1).optional(),
    postgres: z.string().min(1).optional(),
    postgres_env: envName.optional(),
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const given = (['sqlite', 'postgres', 'postgres_env'] as const).filter((k) => value[k] !== undefined);
    if (given.length !== 1) {
      addContractIssue(
        ctx,
        [],
        given.length === 0 ? 'missing' : 'inconsistent',
        given.length === 0 ? 'no store given' : `give one store, not ${given.join(' and ')}`,
        "write 'sqlite: FILE', 'postgres: URL' or 'postgres_env: VARIABLE'",
      );
    }
    if (value.schema !== undefined && value.sqlite !== undefined) {
      addContractIssue(ctx, ['schema'], 'inconsistent', "'schema' applies to PostgreSQL only");
    }
    if (value.postgres !== undefined) checkPostgresUrl(value.postgres, ctx);
  });

function checkPostgresUrl(url: string, ctx: z.RefinementCtx): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    addContractIssue(
      ctx,
      ['postgres'],
      'invalid_value',
      'is not a URL',
      'write postgres://user@host:5432/db',
    );
    return;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    addContractIssue(ctx, ['postgres'], 'invalid_value', 'must be a postgres:// URL');
  } else if (parsed.password !== '') {
    addContractIssue(
      ctx,
      ['postgres'],
      'invalid_value',
      'a literal password does not belong in the config file',
      'credentials come only from environment variables: use postgres_env: DATABASE_URL (or PGPASSWORD)',
    );
  }
}

const httpUrl = z.string().superRefine((value, ctx) => {
  let ok = false;
  try {
    const url = new URL(value);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.password === '';
  } catch {
    ok = false;
  }
  if (!ok) addContractIssue(ctx, [], 'invalid_value', 'must be an http(s) URL without credentials');
});

const listen = z
  .object({
    host: z.string().min(1).optional(),
    port: integerFrom(0).pipe(z.number().max(65_535, 'must be at most 65535')).optional(),
  })
  .strict();

/** How the connector retries each HTTP request to the system, and when it gives one up. */
const requests = z
  .object({
    attempts: integerFrom(1).optional(),
    base_delay_ms: integerFrom(0).optional(),
    max_delay_ms: integerFrom(0).optional(),
    max_retry_after_ms: integerFrom(0).optional(),
    timeout_ms: integerFrom(1).optional(),
  })
  .strict();

const system = z
  .object({
    kind: oneOf(SYSTEM_KINDS, 'system kind'),
    base_url: httpUrl,
    token_env: envName,
    requests: requests.optional(),
  })
  .strict();

/** How an event whose attempt failed is tried again before it is dead-lettered. */
const retry = z
  .object({
    max_attempts: integerFrom(1).optional(),
    base_delay_ms: integerFrom(0).optional(),
    max_delay_ms: integerFrom(0).optional(),
  })
  .strict();

/** When a failing target pauses its lanes, and how it is probed until it answers. */
const outages = z
  .object({
    pause_after_failures: integerFrom(1).optional(),
    probe_base_ms: integerFrom(1).optional(),
    probe_max_ms: integerFrom(1).optional(),
  })
  .strict();

const lane = z
  .object({
    /** The lane contract, relative to the config file. */
    contract: z.string().min(1),
    /** The variable holding the bearer token of the lane's integration user. */
    token_env: envName,
    /** The integration user's name as recorded in lineage; defaults to the token variable's name. */
    user: z
      .string()
      .min(1)
      .superRefine((value, ctx) => {
        const reason = unstorableTextReason(value);
        if (reason !== undefined) addContractIssue(ctx, [], 'invalid_value', `the name ${reason}`);
      })
      .optional(),
  })
  .strict();

const limits = z
  .object({
    max_body_bytes: integerFrom(1).optional(),
    max_events_per_request: integerFrom(1).optional(),
    max_wait_ms: integerFrom(0).optional(),
  })
  .strict();

const shutdown = z.object({ drain_timeout_ms: integerFrom(0).optional() }).strict();
/** The target index: every record of each target object, loaded before its lanes take events. */
const targetIndex = z
  .object({
    /** false: resolve against what Lanekeeper wrote only (and the pre-create check). */
    enabled: z.boolean().optional(),
    /** Seconds between two incremental refreshes; 0 refreshes only before the lanes start. */
    refresh_seconds: integerFrom(0).optional(),
    /** Seconds a refresh reaches back behind the last change it saw (the CRM's search lags). */
    overlap_seconds: integerFrom(0).optional(),
  })
  .strict();

const version = z.number().superRefine((value, ctx) => {
  if (value !== GATEWAY_CONFIG_VERSION) {
    addContractIssue(
      ctx,
      [],
      'invalid_value',
      `unsupported config version ${value}`,
      `this Lanekeeper reads version ${GATEWAY_CONFIG_VERSION}`,
    );
  }
});

/** The gateway config (`lanekeeper serve --config FILE`) as written in YAML. */
export const gatewayConfigSchema = z
  .object({
    version,
    store,
    listen: listen.optional(),
    systems: z.record(z.string(), system),
    lanes: z.record(z.string(), lane),
    operators: z.object({ token_env: envName }).strict(),
    workers: integerFrom(1).optional(),
    limits: limits.optional(),
    shutdown: shutdown.optional(),
    target_index: targetIndex.optional(),
    retry: retry.optional(),
    outages: outages.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const section of ['systems', 'lanes'] as const) {
      const names = Object.keys(config[section]);
      if (section === 'lanes' && names.length === 0) {
        addContractIssue(ctx, ['lanes'], 'invalid_value', 'must name at least one lane');
      }
      for (const name of names) {
        if (!NAME.test(name)) {
          addContractIssue(
            ctx,
            [section, name],
            'invalid_value',
            `'${name}' is not a valid name`,
            'use lower-case letters, digits, - and _ (it appears in URLs)',
          );
        }
      }
    }
    checkSharedTokens(config.lanes, config.operators.token_env, ctx);
  });

/** Lanes sharing a token share one integration user; the operator token is never a lane token. */
function checkSharedTokens(
  lanes: Readonly<Record<string, z.output<typeof lane>>>,
  operatorEnv: string,
  ctx: z.RefinementCtx,
): void {
  const userOfEnv = new Map<string, string>();
  for (const [name, entry] of Object.entries(lanes)) {
    if (entry.token_env === operatorEnv) {
      addContractIssue(
        ctx,
        ['lanes', name, 'token_env'],
        'inconsistent',
        `the operator token ${operatorEnv} cannot also post to a lane`,
        'give the lane its own integration user token',
      );
    }
    const user = entry.user ?? entry.token_env;
    const earlier = userOfEnv.get(entry.token_env);
    if (earlier !== undefined && earlier !== user) {
      addContractIssue(
        ctx,
        ['lanes', name, 'user'],
        'inconsistent',
        `lanes sharing ${entry.token_env} share one integration user, '${earlier}'`,
        'use the same user name, or a separate token variable per user',
      );
    }
    if (earlier === undefined) userOfEnv.set(entry.token_env, user);
  }
}

export type GatewayConfigInput = z.output<typeof gatewayConfigSchema>;
