import type { PathIssue } from '../contract/contract-error.js';
import type { GatewayConfigInput } from './gateway-config-schema.js';
import { Secret } from './secret.js';

/** Bearer tokens shorter than this are refused: they could be guessed. */
export const MIN_TOKEN_LENGTH = 16;

interface EnvRef {
  readonly name: string;
  readonly path: readonly (string | number)[];
  /** A bearer token clients present (lane or operator), as opposed to a credential the gateway uses. */
  readonly bearer: boolean;
}

/**
 * Reads every environment variable the config names. Problems (unset, empty, too short, one token under two
 * names) are reported at the YAML line naming the variable; messages name variables, never values.
 */
export function readSecrets(
  input: GatewayConfigInput,
  env: Readonly<Record<string, string | undefined>>,
): { issues: PathIssue[]; get: (name: string | null, literal?: string) => Secret } {
  const refs: EnvRef[] = [];
  if (input.store.postgres_env !== undefined) {
    refs.push({ name: input.store.postgres_env, path: ['store', 'postgres_env'], bearer: false });
  }
  for (const [name, system] of Object.entries(input.systems)) {
    refs.push({ name: system.token_env, path: ['systems', name, 'token_env'], bearer: false });
  }
  for (const [name, lane] of Object.entries(input.lanes)) {
    refs.push({ name: lane.token_env, path: ['lanes', name, 'token_env'], bearer: true });
  }
  refs.push({ name: input.operators.token_env, path: ['operators', 'token_env'], bearer: true });

  const issues: PathIssue[] = [];
  const reported = new Set<string>();
  const varOfBearer = new Map<string, string>();
  for (const ref of refs) {
    if (reported.has(ref.name)) continue;
    const value = env[ref.name];
    if (value === undefined || value === '') {
      reported.add(ref.name);
      issues.push({
        code: 'missing',
        path: ref.path,
        message: `environment variable ${ref.name} is ${value === undefined ? 'not set' : 'empty'}`,
        hint: 'credentials come only from the environment: export it before starting',
      });
      continue;
    }
    if (!ref.bearer) continue;
    if (value.length < MIN_TOKEN_LENGTH) {
      reported.add(ref.name);
      issues.push({
        code: 'invalid_value',
        path: ref.path,
        message: `the token in ${ref.name} is shorter than ${MIN_TOKEN_LENGTH} characters`,
        hint: 'use a long random token, e.g. openssl rand -hex 32',
      });
      continue;
    }
    const other = varOfBearer.get(value);
    if (other !== undefined && other !== ref.name) {
      reported.add(ref.name);
      issues.push({
        code: 'duplicate',
        path: ref.path,
        message: `${ref.name} holds the same token as ${other}`,
        hint: 'lanes of one integration user name the same variable; different users need different tokens',
      });
      continue;
    }
    varOfBearer.set(value, ref.name);
  }
  return {
    issues,
    get: (name, literal) => {
      if (name === null) return new Secret('store.postgres', literal ?? '');
      return new Secret(name, env[name] ?? '');
    },
  };
}
