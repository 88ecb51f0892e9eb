import { z } from 'zod';
import { addContractIssue, matching, nonEmptyList, oneOf } from './schema-checks.js';

/** How a lane may write its target object. */
export const LANE_MODES = ['upsert', 'update_only', 'create_only'] as const;
export type LaneMode = (typeof LANE_MODES)[number];

/** What a value a target record holds counts as when Lanekeeper did not set it (`values.existing_values`). */
export const EXISTING_VALUES = ['keep', 'fill_empty', 'overwrite'] as const;
export type ExistingValues = (typeof EXISTING_VALUES)[number];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SYSTEM = /^[a-z][a-z0-9_-]*$/;

/** A payload field or target property name. */
const name = (what: string) =>
  matching(NAME, `a valid ${what} name`, () => 'use letters, digits and _, starting with a letter or _');

const system = matching(SYSTEM, 'a system name', (value) =>
  value.toLowerCase() !== value
    ? `write '${value.toLowerCase()}'`
    : 'use lower-case letters, digits, _ and -, e.g. hubspot or web_form',
);

/** `source:` — where the lane's events come from. */
export const sourceSchema = z
  .object({
    system,
    object: z.string().min(1).optional(),
    id_field: name('payload field').optional(),
  })
  .strict();

/** `target:` — the object the lane writes. */
export const targetSchema = z
  .object({
    system,
    object: z.string().min(1),
    mode: oneOf(LANE_MODES, 'lane mode'),
    anchor_property: name('target property').optional(),
  })
  .strict();

/** `property_name`, or `{ property?, identity?, required? }`. */
const fieldSpec = z.preprocess(
  (value) => (typeof value === 'string' ? { property: value } : value),
  z
    .object({
      property: name('target property').optional(),
      identity: z.string().min(1).optional(),
      required: z.boolean().optional(),
    })
    .strict()
    .superRefine((field, ctx) => {
      if (field.property === undefined && field.identity === undefined && field.required !== true) {
        addContractIssue(
          ctx,
          [],
          'missing',
          'a field needs a target property, an identity field, or required: true',
          "add 'property: <target property>', 'identity: <identity field>' or 'required: true'",
        );
      }
    }),
);

/** `fields:` — payload field → target property and identity field. */
export const fieldsSchema = z.record(z.string(), fieldSpec).superRefine((fields, ctx) => {
  for (const key of Object.keys(fields)) {
    if (!NAME.test(key)) {
      addContractIssue(
        ctx,
        [key],
        'invalid_value',
        `'${key}' is not a valid payload field name`,
        'use letters, digits and _',
      );
    }
  }
});

/** `event_key:` — payload fields whose values, hashed together, identify an event without an event id. */
export const eventKeySchema = nonEmptyList(name('payload field'));

/** `values:` — which source wins a field, and which target properties lower-ranked sources never overwrite. */
export const valuesSchema = z
  .object({
    precedence: nonEmptyList(system),
    protected: z.array(name('target property')).optional(),
    existing_values: oneOf(EXISTING_VALUES, 'existing-values mode').optional(),
  })
  .strict();

export type SourceInput = z.output<typeof sourceSchema>;
export type TargetInput = z.output<typeof targetSchema>;
export type FieldsInput = z.output<typeof fieldsSchema>;
export type ValuesInput = z.output<typeof valuesSchema>;
