import type { FieldType } from './field-types.js';

/** Similarity functions a comparison level can use; every one returns a value in [0, 1]. */
export const COMPARATORS = [
  'exact',
  'jaro_winkler',
  'levenshtein',
  'damerau',
  'token_set',
  'token_sort',
  'phonetic',
  'name_variant',
  'numeric',
  'date',
] as const;
export type ComparatorName = (typeof COMPARATORS)[number];

export const ENTITY_KINDS = ['person', 'company'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** One input field of a lane object: its name in the rules and its type. */
export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
}

/**
 * An exact identity key. Keys are tried in order; equal normalized values decide `match`
 * unless a false-merge guard fires.
 */
export interface ExactKey {
  readonly field: string;
  /** Two different values prove two different entities (external IDs of one system). */
  readonly unique?: boolean;
}

/**
 * One comparison level: the pair falls into the first level whose comparator similarity is >= `min`.
 * `m` = P(level | same entity), `u` = P(level | different entities); the level's weight is log2(m/u).
 */
export interface ComparisonLevel {
  readonly label: string;
  readonly comparator: ComparatorName;
  readonly min: number;
  readonly m: number;
  readonly u: number;
}

/** Fellegi-Sunter comparison over one field; a pair that falls in no level takes the `else` m/u. */
export interface Comparison {
  readonly field: string;
  /**
   * Comparisons that describe one fact (where someone works or lives: company and title; street, city,
   * postcode, state, country) share a group. Agreement within a group counts once — its strongest positive
   * weight — while every disagreement still counts, so correlated fields cannot stack up evidence.
   */
  readonly group?: string;
  /**
   * Term-frequency adjustment: when both values are equal, the weight uses how common that value is in the
   * data (agreeing on "Smith" says less than agreeing on "Okonkwo") instead of the average `u` of the level.
   */
  readonly tf?: boolean;
  readonly levels: readonly ComparisonLevel[];
  readonly else: { readonly m: number; readonly u: number };
}

/** A blocking rule: records that share every listed key are compared. Keys name derived values. */
export interface BlockingRule {
  readonly name: string;
  readonly keys: readonly string[];
  /** The key parts are compared as a set: (first, last) also finds (last, first) — swapped name fields. */
  readonly anyOrder?: boolean;
}

export interface Thresholds {
  /** Match probability at or above which a pair is `match`. */
  readonly match: number;
  /** Match probability at or above which a pair is `review` (below `match`). */
  readonly review: number;
}

export interface Guards {
  /** Role/shared addresses (support@, info@, ...) never serve as a key. */
  readonly roleAddressesAreNotKeys: boolean;
  /** A key value held by more than this many distinct people is treated as shared (family email, switchboard). */
  readonly sharedKeyMaxOwners: number;
  /** Same key but clearly different given names → review instead of match. */
  readonly nameConflict: boolean;
  /** Same key but clearly different birth dates → review instead of match. */
  readonly birthDateConflict: boolean;
  /** A cluster may not grow past this many records through match edges; larger ones are split at weak edges. */
  readonly maxClusterSize: number;
}

export interface EmSettings {
  /** Estimate m/u from the data itself (unsupervised expectation-maximisation) before scoring. */
  readonly enabled: boolean;
  /**
   * Also estimate m by expectation-maximisation per blocking rule. Off by default: m (how often true
   * duplicates agree) carries over between data sets, while EM on strongly correlated CRM fields can settle
   * on the wrong class; u and the prior are always estimated when `enabled`.
   */
  readonly estimateM: boolean;
  readonly maxIterations: number;
  /** Pairs sampled to estimate u probabilities. */
  readonly sampleSize: number;
}

/** A complete, validated set of identity rules. Produced by a preset, optionally overridden by a contract. */
export interface IdentityRules {
  readonly entity: EntityKind;
  readonly fields: readonly FieldDef[];
  readonly keys: readonly ExactKey[];
  readonly comparisons: readonly Comparison[];
  readonly blocking: readonly BlockingRule[];
  /** Prior probability that two compared records are the same entity (lambda). */
  readonly prior: number;
  readonly thresholds: Thresholds;
  readonly guards: Guards;
  readonly em: EmSettings;
  /** Email provider rules (Gmail dots and +tags) apply to these domains only. */
  readonly emailProviderRules: readonly string[];
  /** ISO 3166 region used for phone numbers written without a country code. */
  readonly defaultRegion: string;
}
