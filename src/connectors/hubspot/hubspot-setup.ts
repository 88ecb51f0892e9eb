import { ConnectorError } from '../target-connector.js';
import type { RequiredProperty, SetupCheck, SetupProblem } from '../target-setup.js';

/** The HubSpot calls a setup check makes, each mapped to `ConnectorError` on failure. */
export interface HubSpotSetupCalls {
  /** One cheap authenticated read of `object`. */
  ping(object: string): Promise<void>;
  listProperties(object: string): Promise<readonly { name: string; hasUniqueValue?: boolean }[]>;
  /** The token's scopes, or `undefined` when HubSpot does not say (not a private-app token). */
  tokenScopes(): Promise<readonly string[] | undefined>;
}

const SCOPES_FIX =
  'in HubSpot, Settings → Integrations → Private apps → your app → Scopes: add it, then use the token it shows';

/** The scopes a private app needs on `object`: to read and write records and to read property definitions. */
function neededScopes(object: string): string[] {
  return [`crm.objects.${object}.read`, `crm.objects.${object}.write`, `crm.schemas.${object}.read`];
}

/** Whether `scopes` grant `scope`; the legacy `contacts` scope covers contacts and companies. */
function grants(scopes: readonly string[], scope: string): boolean {
  if (scopes.includes(scope)) return true;
  return scopes.includes('contacts') && /^crm\.(objects|schemas)\.(contacts|companies)\./.test(scope);
}

/**
 * Checks a HubSpot portal for Lanekeeper: the token (a cheap read: 401 → the token is refused), the scopes
 * (the token introspection when HubSpot answers it, and 403 on the reads), then each object's properties
 * against `required`. Stops at the first problem that hides the rest (a refused token, no answer).
 */
export async function checkHubSpotSetup(
  calls: HubSpotSetupCalls,
  required: readonly RequiredProperty[],
): Promise<SetupCheck> {
  const objects = [...new Set(required.map((p) => p.object))];
  const problems: SetupProblem[] = [];
  for (const object of objects) {
    try {
      await calls.ping(object);
    } catch (err) {
      const problem = callProblem(err, `crm.objects.${object}.read`, object);
      if (problem.kind !== 'scope') return { problems: [problem], missing: [] };
      problems.push(problem);
    }
  }
  const scopes = await calls.tokenScopes().catch(() => undefined);
  if (scopes !== undefined)
    for (const object of objects)
      for (const scope of neededScopes(object))
        if (!grants(scopes, scope) && !problems.some((p) => p.message.includes(scope)))
          problems.push({
            kind: 'scope',
            object,
            message: `the token lacks the scope ${scope}`,
            fix: SCOPES_FIX,
          });
  const missing: RequiredProperty[] = [];
  for (const object of objects) {
    let defined: readonly { name: string; hasUniqueValue?: boolean }[];
    try {
      defined = await calls.listProperties(object);
    } catch (err) {
      const problem = callProblem(err, `crm.schemas.${object}.read`, object);
      if (!problems.some((p) => p.message === problem.message)) problems.push(problem);
      if (problem.kind !== 'scope') return { problems, missing };
      continue;
    }
    const byName = new Map(defined.map((d) => [d.name, d]));
    for (const property of required.filter((p) => p.object === object)) {
      const found = byName.get(property.name);
      if (found === undefined) {
        missing.push(property);
        problems.push({
          kind: 'property',
          object,
          property: property.name,
          message: `${object} property ${property.name} (${property.why}) does not exist`,
          fix: 'run `lanekeeper setup --config FILE`, or create it in HubSpot: ' + describeProperty(property),
          manual: `in HubSpot, Settings → Properties → ${object}: create ${describeProperty(property)}`,
        });
      } else if (property.unique && found.hasUniqueValue !== true) {
        problems.push({
          kind: 'property',
          object,
          property: property.name,
          message: `${object} property ${property.name} (${property.why}) exists without unique values`,
          fix:
            'HubSpot cannot give an existing property unique values: archive it and run `lanekeeper setup`, ' +
            "or name another property in the contract's target.anchor_property",
        });
      }
    }
  }
  const canCreate =
    scopes === undefined ? undefined : objects.every((o) => grants(scopes, `crm.schemas.${o}.write`));
  return {
    problems,
    missing,
    ...(canCreate === undefined ? {} : { canCreate }),
    ...(scopes === undefined ? {} : { scopes }),
  };
}

/** How an admin creates the property by hand: what `lanekeeper setup` would send. */
export function describeProperty(property: RequiredProperty): string {
  return `${property.object} property '${property.name}' (label '${labelOf(property.name)}', single-line text${
    property.unique ? ', "Require unique values" on' : ''
  })`;
}

/** The body of `POST /crm/v3/properties/{object}` that creates a required property. */
export function propertyCreateBody(property: RequiredProperty): {
  name: string;
  label: string;
  type: 'string';
  fieldType: 'text';
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
} {
  return {
    name: property.name,
    label: labelOf(property.name),
    type: 'string',
    fieldType: 'text',
    groupName: property.object === 'companies' ? 'companyinformation' : 'contactinformation',
    description: `Written by Lanekeeper (${property.why}).`,
    hasUniqueValue: property.unique,
  };
}

function labelOf(name: string): string {
  const words = name.split('_').filter((w) => w !== '');
  const text = words.map((w) => (w === 'id' ? 'ID' : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function callProblem(err: unknown, scope: string, object: string): SetupProblem {
  if (err instanceof ConnectorError && err.status === 401)
    return {
      kind: 'token',
      message: 'HubSpot refused the token (HTTP 401: invalid, revoked or expired)',
      fix: "put the private app's current access token in the variable the config names",
    };
  if (err instanceof ConnectorError && err.status === 403)
    return {
      kind: 'scope',
      object,
      message: `the token lacks the scope ${scope} (HTTP 403)`,
      fix: SCOPES_FIX,
    };
  if (err instanceof ConnectorError && err.kind === 'retryable')
    return {
      kind: 'unreachable',
      message: `HubSpot did not answer: ${err.message}`,
      fix: 'check base_url and the network, then start again',
    };
  const reason = err instanceof Error ? err.message : String(err);
  return {
    kind: 'unreachable',
    message: `the check of ${object} failed: ${reason}`,
    fix: 'check base_url and the network, then start again',
  };
}
