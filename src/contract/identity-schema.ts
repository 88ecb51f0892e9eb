import { z } from 'zod';
import { BLOCKING_DERIVATIONS } from '../identity/blocking-keys.js';
import { FIELD_TYPES } from '../identity/field-types.js';
import { PRESET_NAMES } from '../identity/presets/index.js';
import { COMPARATORS, ENTITY_KINDS } from '../identity/rules.js';
import { didYouMean } from './did-you-mean.js';
import { addContractIssue, between, integerFrom, matching, nonEmptyList, oneOf } from './schema-checks.js';

const probability = between({ min: 0, max: 1, minOpen: true });
const openUnit = between({ min: 0, max: 1, minOpen: true, maxOpen: true });
const label = matching(/^\S(.*\S)?$/, 'a label', () => 'a label is a non-empty word');

/** `email` or `{ type: email }`. */
const fieldSpec = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.object({ type: oneOf(FIELD_TYPES, 'field type') }).strict(),
);

const fieldsSpec = z.record(z.string(), fieldSpec).superRefine((fields, ctx) => {
  for (const key of Object.keys(fields)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      addContractIssue(
        ctx,
        [key],
        'invalid_value',
        `'${key}' is not a valid field name`,
        'use letters, digits and _',
      );
    }
  }
});

/** `email` or `{ field: email, unique: true }`. */
const keySpec = z.preprocess(
  (value) => (typeof value === 'string' ? { field: value } : value),
  z.object({ field: z.string(), unique: z.boolean().optional() }).strict(),
);

const levelSpec = z
  .object({
    label,
    comparator: oneOf(COMPARATORS, 'comparator'),
    min: between({ min: 0, max: 1 }),
    m: probability,
    u: probability,
  })
  .strict();

const elseSpec = z.object({ m: probability, u: probability }).strict();

/** A comparison for a field, or `{ field, remove: true }` to drop the preset's. */
const comparisonSpec = z
  .object({
    field: z.string(),
    remove: z.boolean().optional(),
    group: z.string().min(1).optional(),
    tf: z.boolean().optional(),
    levels: nonEmptyList(levelSpec).optional(),
    else: elseSpec.optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.remove === true) {
      for (const key of ['levels', 'else'] as const) {
        if (entry[key] !== undefined) {
          addContractIssue(
            ctx,
            [key],
            'inconsistent',
            `a removed comparison takes no '${key}'`,
            "drop 'remove: true' or this key",
          );
        }
      }
      return;
    }
    for (const key of ['levels', 'else'] as const) {
      if (entry[key] === undefined)
        addContractIssue(
          ctx,
          [],
          'missing',
          `missing '${key}'`,
          "give it, or 'remove: true' to drop the comparison",
        );
    }
  });

const derivations = BLOCKING_DERIVATIONS.join(', ');
/** `field` or `field:derivation`. */
const blockingKey = z.string().superRefine((value, ctx) => {
  const [field = '', derivation, ...rest] = value.split(':');
  if (field === '' || rest.length > 0) {
    addContractIssue(
      ctx,
      [],
      'invalid_value',
      `'${value}' is not a blocking key`,
      `write field or field:derivation (${derivations})`,
    );
  } else if (derivation !== undefined && !(BLOCKING_DERIVATIONS as readonly string[]).includes(derivation)) {
    const suggestion = didYouMean(derivation, BLOCKING_DERIVATIONS);
    const known = `known derivations: ${derivations}`;
    const hint = suggestion ? `did you mean '${field}:${suggestion}'? K${known.slice(1)}` : known;
    addContractIssue(ctx, [], 'invalid_value', `unknown derivation '${derivation}' in '${value}'`, hint);
  }
});

/** `{ name, keys: [...] }`, or a bare list of keys whose name is derived from them. */
const blockingSpec = z.preprocess(
  (value) => (Array.isArray(value) ? { keys: value } : value),
  z
    .object({ name: label.optional(), keys: nonEmptyList(blockingKey), any_order: z.boolean().optional() })
    .strict(),
);

const thresholdsSpec = z.object({ match: openUnit, review: openUnit }).partial().strict();

const guardsSpec = z
  .object({
    role_addresses_are_not_keys: z.boolean(),
    shared_key_max_owners: integerFrom(1),
    name_conflict: z.boolean(),
    birth_date_conflict: z.boolean(),
    max_cluster_size: integerFrom(2),
  })
  .partial()
  .strict();

const emSpec = z
  .object({
    enabled: z.boolean(),
    estimate_m: z.boolean(),
    max_iterations: integerFrom(1),
    sample_size: integerFrom(1),
  })
  .partial()
  .strict();

const domain = matching(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a lower-case domain name', (value) =>
  value.toLowerCase() !== value ? `write '${value.toLowerCase()}'` : null,
);

const region = matching(/^[A-Z]{2}$/, 'a 2-letter region code', (value) =>
  /^[a-z]{2}$/.test(value) ? `write '${value.toUpperCase()}'` : 'use an ISO 3166 code such as US or GB',
);

/** The `identity:` section as written in YAML: every part optional, the preset fills the rest. */
export const identitySchema = z
  .object({
    preset: oneOf(PRESET_NAMES, 'preset').optional(),
    entity: oneOf(ENTITY_KINDS, 'entity kind').optional(),
    fields: fieldsSpec.optional(),
    keys: z.array(keySpec).optional(),
    comparisons: z.array(comparisonSpec).optional(),
    blocking: z.array(blockingSpec).optional(),
    prior: openUnit.optional(),
    thresholds: thresholdsSpec.optional(),
    guards: guardsSpec.optional(),
    em: emSpec.optional(),
    email_provider_rules: z.array(domain).optional(),
    default_region: region.optional(),
  })
  .strict();

export type IdentityInput = z.output<typeof identitySchema>;
export type GuardsInput = z.output<typeof guardsSpec>;
export type EmInput = z.output<typeof emSpec>;
