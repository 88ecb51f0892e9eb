import type { TargetConnector } from '../connectors/target-connector.js';
import type { RequiredProperty, SetupCheck } from '../connectors/target-setup.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { requiredProperties } from '../gate/required-properties.js';

/** One target system checked before the gateway takes events (`serve`) or set up (`lanekeeper setup`). */
export interface TargetCheck {
  readonly system: string;
  /** The variable holding the system's token, to name in messages (never the token). */
  readonly tokenEnv: string;
  readonly required: readonly RequiredProperty[];
  /** `undefined` when the connector cannot check its system. */
  readonly check?: SetupCheck;
}

/** Checks every target system of the config: token, scopes, and the properties the lanes need. */
export async function checkTargets(
  config: GatewayConfig,
  connectors: Readonly<Record<string, TargetConnector>>,
): Promise<TargetCheck[]> {
  const contracts = Object.values(config.lanes).map((l) => l.contract);
  return Promise.all(
    Object.values(config.systems).map(async (system) => {
      const required = requiredProperties(contracts, system.name);
      const connector = connectors[system.name];
      const check =
        connector?.checkSetup === undefined || required.length === 0
          ? undefined
          : await connector.checkSetup(required);
      return {
        system: system.name,
        tokenEnv: system.token.envName,
        required,
        ...(check === undefined ? {} : { check }),
      };
    }),
  );
}

/** The start-up check failed: the message names each problem and what to do. */
export class TargetSetupError extends Error {
  constructor(
    readonly checks: readonly TargetCheck[],
    /** The config file the targets come from, to name in the message. */
    file?: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}${formatProblems(checks)}`);
    this.name = 'TargetSetupError';
  }
}

export function hasProblems(checks: readonly TargetCheck[]): boolean {
  return checks.some((c) => (c.check?.problems.length ?? 0) > 0);
}

/** `N problems with the target systems` and one line per problem: system, what is wrong, what to do. */
export function formatProblems(checks: readonly TargetCheck[]): string {
  const lines = checks.flatMap((c) =>
    (c.check?.problems ?? []).map((p) => {
      const token = p.kind === 'token' ? ` (token from ${c.tokenEnv})` : '';
      return `  - ${c.system}${token}: ${p.message}; ${p.fix}`;
    }),
  );
  return `${lines.length} problem${lines.length === 1 ? '' : 's'} with the target systems\n${lines.join('\n')}`;
}
