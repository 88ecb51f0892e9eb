import type { ContractIssueCode, PathIssue } from './contract-error.js';
import type { ContractInput } from './contract-schema.js';
import { didYouMean } from './did-you-mean.js';
import type { ExistingValues, LaneMode } from './flow-schema.js';
import type { CreateLimit } from '../policy/create-limit.js';
import type { SinceRule } from '../policy/since-filter.js';

/** One payload field of a lane: where it goes in the target and which identity field it feeds. */
export interface LaneField {
  /** Name in the event payload. */
  readonly name: string;
  /** Target property it is written to; absent for fields read only for identity. */
  readonly property?: string;
  /** Identity field (of the contract's identity rules) it feeds. */
  readonly identity?: string;
  /** An event without a value here is refused at intake. */
  readonly required: boolean;
}

/** The write side of a lane: source → target, field mapping, event key, value rules. */
export interface LaneFlow {
  readonly source: {
    readonly system: string;
    readonly object?: string;
    /** Payload field holding the source record id (the crosswalk's source side). */
    readonly idField?: string;
  };
  readonly target: {
    readonly system: string;
    readonly object: string;
    readonly mode: LaneMode;
    readonly anchorProperty?: string;
  };
  readonly fields: readonly LaneField[];
  /** Payload fields hashed into the event key when a submission brings no event id; may be empty. */
  readonly eventKey: readonly string[];
  readonly values: {
    /** Source systems, highest rank first. */
    readonly precedence: readonly string[];
    /** Target properties that a lower-ranked source never overwrites. */
    readonly protected: readonly string[];
    /** What a value the record holds counts as when Lanekeeper did not set it (default `fill_empty`). */
    readonly existingValues: ExistingValues;
  };
  /** Events whose record is older than this start date are not synced (`since`). */
  readonly since?: SinceRule;
  /** The circuit breaker: creates allowed per window (`max_creates`). */
  readonly maxCreates?: CreateLimit;
  /** The lane decides and records what it would write, and writes nothing to the target. */
  readonly dryRun: boolean;
}

export interface ResolvedFlow {
  /** `null` when the contract has no write side (an identity-only contract) or when `issues` is not empty. */
  readonly flow: LaneFlow | null;
  readonly issues: readonly PathIssue[];
}

type Path = readonly (string | number)[];
const FLOW_SECTIONS = [
  'source',
  'target',
  'fields',
  'event_key',
  'values',
  'since',
  'max_creates',
  'dry_run',
] as const;

/**
 * Checks the lane sections against each other and against the identity rules' field names, and builds the
 * lane flow. A contract without any lane section is an identity-only contract (what `audit` reads).
 */
export function resolveFlow(input: ContractInput, identityFields: readonly string[]): ResolvedFlow {
  const issues: PathIssue[] = [];
  const report = (code: ContractIssueCode, path: Path, message: string, hint: string | null = null): void => {
    issues.push({ code, path: [...path], message, hint });
  };
  if (!FLOW_SECTIONS.some((s) => input[s] !== undefined)) return { flow: null, issues };

  const needed = { lane: input.lane, source: input.source, target: input.target, fields: input.fields };
  for (const [key, value] of Object.entries(needed)) {
    if (value === undefined)
      report(
        'missing',
        [],
        `missing '${key}'`,
        key === 'lane'
          ? 'a lane that writes needs a name, e.g. lane: web-form-to-hubspot-contacts'
          : 'a lane that writes needs lane, source, target and fields',
      );
  }
  const { source, target, fields: fieldsInput } = input;

  const fields: LaneField[] = [];
  const byIdentity = new Map<string, string>();
  const byProperty = new Map<string, string>();
  for (const [name, spec] of Object.entries(fieldsInput ?? {})) {
    const path = ['fields', name];
    if (spec.identity !== undefined) {
      if (!identityFields.includes(spec.identity)) {
        const suggestion = didYouMean(spec.identity, identityFields);
        report(
          'unknown_reference',
          [...path, 'identity'],
          `no identity field named '${spec.identity}'`,
          suggestion ? `did you mean '${suggestion}'?` : `identity fields: ${identityFields.join(', ')}`,
        );
      }
      const earlier = byIdentity.get(spec.identity);
      if (earlier !== undefined)
        report(
          'duplicate',
          [...path, 'identity'],
          `identity field '${spec.identity}' is fed by '${earlier}' already`,
          'one payload field per identity field',
        );
      else byIdentity.set(spec.identity, name);
    }
    if (spec.property !== undefined) {
      const earlier = byProperty.get(spec.property);
      if (earlier !== undefined)
        report(
          'duplicate',
          [...path, 'property'],
          `target property '${spec.property}' is written by '${earlier}' already`,
          'one payload field per target property',
        );
      else byProperty.set(spec.property, name);
    }
    fields.push({
      name,
      ...(spec.property === undefined ? {} : { property: spec.property }),
      ...(spec.identity === undefined ? {} : { identity: spec.identity }),
      required: spec.required === true,
    });
  }
  if (fieldsInput !== undefined && byIdentity.size === 0)
    report(
      'missing',
      ['fields'],
      'no field feeds the identity rules',
      'give at least one field an identity, e.g. email: { property: email, identity: email }',
    );

  const payloadFields = [...fields.map((f) => f.name), ...(source?.id_field ? [source.id_field] : [])];
  (input.event_key ?? []).forEach((name, i) => {
    if (!payloadFields.includes(name))
      report('unknown_reference', ['event_key', i], ...unknown(name, payloadFields, 'payload field'));
  });

  if (input.since !== undefined && !payloadFields.includes(input.since.field))
    report(
      'unknown_reference',
      ['since', 'field'],
      ...unknown(input.since.field, payloadFields, 'payload field'),
    );

  const values = input.values;
  const properties = [...byProperty.keys()];
  if (values !== undefined) {
    const seen = new Set<string>();
    values.precedence.forEach((system, i) => {
      if (seen.has(system))
        report(
          'duplicate',
          ['values', 'precedence', i],
          `source '${system}' is ranked twice`,
          'rank each source once',
        );
      seen.add(system);
    });
    if (source !== undefined && !seen.has(source.system))
      report(
        'inconsistent',
        ['values', 'precedence'],
        `the lane's own source '${source.system}' is not ranked`,
        `add '${source.system}' to the list, highest rank first`,
      );
    (values.protected ?? []).forEach((property, i) => {
      if (!properties.includes(property))
        report(
          'unknown_reference',
          ['values', 'protected', i],
          ...unknown(property, properties, 'target property'),
        );
    });
  }

  if (issues.length > 0 || source === undefined || target === undefined) return { flow: null, issues };
  return {
    flow: {
      source: {
        system: source.system,
        ...(source.object === undefined ? {} : { object: source.object }),
        ...(source.id_field === undefined ? {} : { idField: source.id_field }),
      },
      target: {
        system: target.system,
        object: target.object,
        mode: target.mode,
        ...(target.anchor_property === undefined ? {} : { anchorProperty: target.anchor_property }),
      },
      fields,
      eventKey: input.event_key ?? [],
      values: {
        precedence: values?.precedence ?? [source.system],
        protected: values?.protected ?? [],
        existingValues: values?.existing_values ?? 'fill_empty',
      },
      ...(input.since === undefined
        ? {}
        : {
            since: {
              date: input.since.date.text,
              epochMs: input.since.date.ms,
              field: input.since.field,
              undated: input.since.undated ?? 'skip',
            },
          }),
      ...(input.max_creates === undefined ? {} : { maxCreates: input.max_creates }),
      dryRun: input.dry_run ?? false,
    },
    issues,
  };
}

function unknown(name: string, known: readonly string[], noun: string): [string, string] {
  const suggestion = didYouMean(name, known);
  const list =
    known.length === 0 ? `this lane has no ${noun}s` : `${noun}s of this lane: ${known.join(', ')}`;
  return [`no ${noun} named '${name}'`, suggestion ? `did you mean '${suggestion}'?` : list];
}
