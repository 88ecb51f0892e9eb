import { z } from 'zod';
import { addContractIssue } from './schema-checks.js';
import { identitySchema } from './identity-schema.js';
import { eventKeySchema, fieldsSchema, sourceSchema, targetSchema, valuesSchema } from './flow-schema.js';
import { maxCreatesSchema, sinceSchema } from './go-live-schema.js';

/** The contract versions this build reads. */
export const CONTRACT_VERSION = 1;

/** Sections of the lane contract that are planned but not read yet; naming one gets a clear error. */
export const PLANNED_SECTIONS = ['owners'] as const;

const version = z.number().superRefine((value, ctx) => {
  if (value !== CONTRACT_VERSION) {
    addContractIssue(
      ctx,
      [],
      'invalid_value',
      `unsupported contract version ${value}`,
      `this Lanekeeper reads version ${CONTRACT_VERSION}`,
    );
  }
});

/** A lane contract as written in YAML. New sections are new keys here. */
export const contractSchema = z
  .object({
    version,
    lane: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    identity: identitySchema,
    source: sourceSchema.optional(),
    target: targetSchema.optional(),
    fields: fieldsSchema.optional(),
    event_key: eventKeySchema.optional(),
    values: valuesSchema.optional(),
    since: sinceSchema.optional(),
    max_creates: maxCreatesSchema.optional(),
    dry_run: z.boolean().optional(),
  })
  .strict();

export type ContractInput = z.output<typeof contractSchema>;
