import { ConnectorError, type TargetConnector } from '../connectors/target-connector.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { checkTargets, hasProblems, type TargetCheck } from './check-targets.js';

/** What `lanekeeper setup` did, one line per step; `ok` when every target is ready afterwards. */
export interface SetupOutcome {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/**
 * Creates the properties the lanes need and the targets lack, when the token may; otherwise (and with
 * `dryRun`) says exactly what an admin must create. Idempotent: a target that is ready is left as it is.
 * Problems setup cannot fix (a refused token, a missing scope, an anchor without unique values) are named
 * with what to do.
 */
export async function setUpTargets(
  config: GatewayConfig,
  connectors: Readonly<Record<string, TargetConnector>>,
  options: { readonly dryRun?: boolean } = {},
): Promise<SetupOutcome> {
  const lines: string[] = [];
  let ok = true;
  for (const target of await checkTargets(config, connectors)) {
    const connector = connectors[target.system];
    const check = target.check;
    if (check === undefined || connector === undefined) {
      lines.push(`${target.system}: this connector cannot check its system; nothing done`);
      continue;
    }
    const blocking = check.problems.filter((p) => p.kind === 'token' || p.kind === 'unreachable');
    if (blocking.length > 0) {
      ok = false;
      for (const p of blocking)
        lines.push(`${target.system}: ${describeToken(target, p.kind)}${p.message}; ${p.fix}`);
      continue;
    }
    const manual = new Map(
      check.problems.flatMap((p) => (p.manual && p.property ? [[p.property, p.manual]] : [])),
    );
    let created = 0;
    if (check.missing.length > 0) {
      if (options.dryRun === true || check.canCreate === false || connector.createProperty === undefined) {
        const why =
          options.dryRun === true
            ? 'would create (dry run)'
            : `the token may not create properties${check.canCreate === false ? ' (it lacks the schema write scope)' : ''}; an admin must create`;
        if (options.dryRun !== true) ok = false;
        lines.push(`${target.system}: ${why}:`);
        for (const p of check.missing)
          lines.push(`  - ${manual.get(p.name) ?? `${p.object} property ${p.name}`}`);
      } else {
        for (const property of check.missing) {
          try {
            await connector.createProperty(property);
            created += 1;
            lines.push(
              `${target.system}: created ${property.object} property ${property.name} (${property.why}${property.unique ? ', unique values' : ''})`,
            );
          } catch (err) {
            if (!(err instanceof ConnectorError) || err.status !== 403) throw err;
            ok = false;
            lines.push(
              `${target.system}: the token may not create properties (HTTP 403); an admin must create:`,
              ...check.missing
                .slice(created)
                .map((p) => `  - ${manual.get(p.name) ?? `${p.object} property ${p.name}`}`),
            );
            break;
          }
        }
      }
    }
    const after: TargetCheck =
      created > 0 ? ((await checkTargets(config, { [target.system]: connector }))[0] ?? target) : target;
    // Missing properties were created, or listed above for an admin; anything else setup cannot fix.
    const unfixed = (after.check?.problems ?? []).filter(
      (p) => !(p.kind === 'property' && p.manual !== undefined),
    );
    for (const p of unfixed) {
      ok = false;
      lines.push(`${target.system}: ${p.message}; ${p.fix}`);
    }
    if (!hasProblems([after]))
      lines.push(
        `${target.system}: ready (${target.required.length} properties on ${objectsOf(target)} checked)`,
      );
  }
  return { ok, lines };
}

function describeToken(target: TargetCheck, kind: string): string {
  return kind === 'token' ? `the token in ${target.tokenEnv}: ` : '';
}

function objectsOf(target: TargetCheck): string {
  return [...new Set(target.required.map((p) => p.object))].join(', ');
}
