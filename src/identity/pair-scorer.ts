import type { Explanation, FieldEvidence, PairDecision } from './decision.js';
import type { FeatureStore } from './feature-store.js';
import type { IdentityRules } from './rules.js';
import { probabilityOf, sumWeights, type MatchModel } from './match-model.js';
import { roleFlag } from './feature-names.js';
import { compareValues } from './comparators/index.js';
import { jaroWinkler } from './comparators/jaro-winkler.js';
import { dateSimilarity } from './comparators/date.js';
import { isKnownGivenName, sameGivenName } from '../normalize/nicknames.js';
import { damerauDistance } from './comparators/damerau.js';
import { LevelCache } from './level-cache.js';
import { codeValues } from './value-codes.js';

/** Level index used when either side of a comparison is empty. */
export const NULL_LEVEL = 255;

/** Tells whether a key value is held by several different people (family email, switchboard phone). */
export interface SharedKeys {
  isShared(field: string, value: string): boolean;
}

export const NO_SHARED_KEYS: SharedKeys = { isShared: () => false };

/** How common a value is: the share of records holding it (0 when unknown). */
export interface ValueFrequencies {
  share(field: string, value: string): number;
}

export const NO_FREQUENCIES: ValueFrequencies = { share: () => 0 };

/** The comparison levels of one pair, kept from its scoring so that explaining it needs no second pass. */
export interface PairLevels {
  readonly levels: Uint8Array;
  /** Whether given and family name were compared crosswise. */
  readonly swapped: boolean;
}

/** A pair's decision without the per-field detail (cheap; the detail comes from `explain`). */
export interface PairOutcome {
  readonly decision: PairDecision;
  readonly probability: number;
  readonly weight: number;
  readonly rule: string;
  readonly guards: readonly string[];
}

/** See `PairScorer.prepare`; per comparison, null where there is none. */
export interface PreparedParts {
  readonly levelCodes: readonly ({ readonly codes: Int32Array; readonly distinct: number } | null)[];
  readonly shares: readonly (Float64Array | null)[];
}

export interface ScorerOptions {
  /**
   * Batch scoring of a store that no longer changes: cache the levels of slow comparators on
   * low-cardinality columns and each record's value shares.
   */
  readonly cacheLevels?: boolean;
  /** The same, already derived from the same store for a model with the same comparisons (see `prepare`). */
  readonly prepared?: PreparedParts;
}

interface BoundComparison {
  readonly column: readonly string[];
  readonly index: number;
}

interface BoundKey {
  readonly field: string;
  /** Index of the comparison over the same field, -1 when there is none. */
  readonly comparison: number;
  readonly column: readonly string[];
  readonly role: readonly string[] | undefined;
  readonly unique: boolean;
}

const NAME_CONFLICT_SIMILARITY = 0.8;
const BIRTH_DATE_CONFLICT_SIMILARITY = 0.6;
const SWAP_SIMILARITY = 0.92;
const MAX_DISTINCT_TO_CACHE = 50_000;
/** Comparators slow enough that a cache probe (two codes and a typed-array slot) is cheaper. */
const CACHED: ReadonlySet<string> = new Set(['token_set', 'token_sort', 'levenshtein']);

/** Relative cost of one comparator call, for ordering bounded scoring. */
const COMPARATOR_COST: Readonly<Record<string, number>> = {
  exact: 0,
  numeric: 1,
  date: 1,
  phonetic: 1,
  jaro_winkler: 2,
  damerau: 2,
  name_variant: 2,
  levenshtein: 4,
  token_set: 6,
  token_sort: 6,
};

/** Whether a column holds few enough distinct values for a level cache to pay off. */
function fewDistinct(column: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const v of column) {
    seen.add(v);
    if (seen.size > MAX_DISTINCT_TO_CACHE) return false;
  }
  return column.length > seen.size * 4;
}

/**
 * Scores and decides pairs of records held in a FeatureStore. The one decision procedure shared by
 * batch detection and single-record resolution:
 * 1. a unique key (external ID) present on both sides with different values → no_match;
 * 2. the first exact key both sides share decides `match`, unless the value is a shared key or a
 *    false-merge guard fires (then `review`);
 * 3. otherwise the summed Fellegi-Sunter weights give a probability: ≥ match threshold → match,
 *    ≥ review threshold → review, else no_match; a scored match whose given or family names clearly
 *    differ goes to review, and one where both differ is no match (colleagues, namesakes' relatives).
 * A key value held by several people (shared_key) is neither a key nor evidence.
 */
export class PairScorer {
  private readonly comparisons: readonly BoundComparison[];
  private readonly keys: readonly BoundKey[];
  private readonly firstName: readonly string[] | undefined;
  private readonly birthDate: readonly string[] | undefined;
  private readonly lastName: readonly string[] | undefined;
  private readonly gammaBuffer: Uint8Array;
  /** Comparison indices of given and family name, when both are compared (for swapped-name detection). */
  private readonly nameSwap: { readonly first: number; readonly last: number } | undefined;
  /** Per comparison, levels already computed for value pairs of low-cardinality fields scored by slow comparators (company, title). */
  private readonly levelCaches: readonly (LevelCache | undefined)[];
  /** Per term-frequency comparison, each record's value share, when the store is fixed (batch scoring). */
  private readonly shares: readonly (Float64Array | undefined)[];
  /** Term-frequency adjustments of the pair scored last (log2), per comparison. */
  private readonly adjust: Float64Array;
  /** Comparisons over personal identifiers (not shared by colleagues or a household). */
  private readonly personal: readonly number[];
  /** Whether the pair scored last had its names compared crosswise. */
  private lastSwapped = false;
  /** Comparison order for bounded scoring: name comparisons (and term-frequency ones) first, then cheap and weighty ones. */
  private readonly boundedOrder: Int32Array;
  /** Per comparison, its largest positive weight (0 when none). */
  private readonly maxPositive: Float64Array;
  /** Summed weight below which a pair is `no_match` whatever the guards say. */
  private readonly reviewWeight: number;
  private readonly groupBest: Float64Array;
  private readonly totalPositive: number;
  /** Comparisons scored before the bound is checked (names and term-frequency ones, whose weight has no fixed bound). */
  private readonly upfront: number;
  private readonly isTf: Uint8Array;
  /** Comparisons over a non-unique key: an equal value held by several people counts as empty. */
  private readonly sharedKeyComparison: Uint8Array;

  constructor(
    readonly store: FeatureStore,
    readonly model: MatchModel,
    readonly rules: IdentityRules,
    private readonly shared: SharedKeys = NO_SHARED_KEYS,
    private readonly frequencies: ValueFrequencies = NO_FREQUENCIES,
    options: ScorerOptions = {},
  ) {
    this.adjust = new Float64Array(model.comparisons.length);
    const prepared =
      options.prepared ??
      (options.cacheLevels === true ? PairScorer.prepare(store, model, frequencies) : undefined);
    this.levelCaches = model.comparisons.map((_, k) => {
      const coded = prepared?.levelCodes[k];
      return coded ? new LevelCache(coded.codes, coded.distinct) : undefined;
    });
    this.comparisons = model.comparisons.map((c, index) => ({ column: store.column(c.field), index }));
    this.shares = model.comparisons.map((_, k) => prepared?.shares[k] ?? undefined);
    const types = new Map(rules.fields.map((f) => [f.name, f.type]));
    this.keys = rules.keys.map((k) => ({
      field: k.field,
      comparison: model.comparisons.findIndex((c) => c.field === k.field),
      column: store.column(k.field),
      role:
        types.get(k.field) === 'email' && store.has(roleFlag(k.field))
          ? store.column(roleFlag(k.field))
          : undefined,
      unique: k.unique === true,
    }));
    const firstName = rules.fields.find((f) => f.type === 'first_name');
    const birthDate = rules.fields.find((f) => f.type === 'birth_date');
    this.firstName = rules.guards.nameConflict && firstName ? store.column(firstName.name) : undefined;
    this.birthDate = rules.guards.birthDateConflict && birthDate ? store.column(birthDate.name) : undefined;
    const lastName = rules.fields.find((f) => f.type === 'last_name');
    this.lastName = rules.guards.nameConflict && lastName ? store.column(lastName.name) : undefined;
    this.gammaBuffer = new Uint8Array(model.comparisons.length);
    const compared = (type: string): number =>
      model.comparisons.findIndex((c) => rules.fields.find((f) => f.name === c.field)?.type === type);
    const first = compared('first_name');
    const last = compared('last_name');
    this.nameSwap = first >= 0 && last >= 0 ? { first, last } : undefined;
    this.maxPositive = Float64Array.from(model.comparisons, (c) => Math.max(0, ...c.weights));
    const names = this.nameSwap === undefined ? [] : [this.nameSwap.first, this.nameSwap.last];
    const termFrequency = model.tf.filter((k) => !names.includes(k));
    const cost = (k: number): number =>
      model.comparisons[k]!.comparators.reduce((sum, name) => sum + (COMPARATOR_COST[name] ?? 4), 1);
    const rest = model.comparisons
      .map((_, k) => k)
      .filter((k) => !names.includes(k) && !termFrequency.includes(k))
      .sort((x, y) => this.maxPositive[y]! / cost(y) - this.maxPositive[x]! / cost(x) || x - y);
    this.boundedOrder = Int32Array.from([...names, ...termFrequency, ...rest]);
    this.upfront = names.length + termFrequency.length;
    const t = rules.thresholds.review;
    this.reviewWeight = Math.log2(t / (1 - t)) - model.priorWeight;
    this.groupBest = new Float64Array(model.groupCount);
    this.totalPositive = this.maxPositive.reduce((sum, x) => sum + x, 0);
    this.isTf = Uint8Array.from(model.comparisons, (_, k) => (model.tf.includes(k) ? 1 : 0));
    this.sharedKeyComparison = Uint8Array.from(model.comparisons, (_, k) =>
      this.keys.some((key) => key.comparison === k && !key.unique) ? 1 : 0,
    );
    const personalTypes = new Set(['external_id', 'email', 'phone', 'birth_date', 'string']);
    this.personal = model.comparisons.flatMap((c, k) => {
      const type = rules.fields.find((f) => f.name === c.field)?.type;
      return type !== undefined && personalTypes.has(type) ? [k] : [];
    });
  }

  /**
   * What batch scoring of a store that no longer changes derives from the whole store: value codes for the
   * level caches of slow comparators on low-cardinality columns (company, title) and each record's value
   * share for term-frequency comparisons. Depends on the model's comparisons, not on its weights, so it can
   * be derived before the model is estimated, and in another thread.
   */
  static prepare(store: FeatureStore, model: MatchModel, frequencies: ValueFrequencies): PreparedParts {
    return {
      levelCodes: model.comparisons.map((c) => {
        if (!c.comparators.some((n) => CACHED.has(n)) || !fewDistinct(store.column(c.field))) return null;
        const dictionary = new Map<string, number>();
        const codes = codeValues(store.column(c.field), dictionary);
        return { codes, distinct: dictionary.size };
      }),
      shares: model.comparisons.map((c, k) =>
        model.tf.includes(k)
          ? Float64Array.from(store.column(c.field), (v) => frequencies.share(c.field, v))
          : null,
      ),
    };
  }

  /** Writes the comparison level of every comparison for the pair into `out` (NULL_LEVEL when a side is empty). */
  gammas(i: number, j: number, out: Uint8Array = this.gammaBuffer): Uint8Array {
    for (let k = 0; k < this.model.comparisons.length; k++) {
      out[k] = this.plainLevel(k, i, j);
    }
    this.lastSwapped = this.nameSwap !== undefined && this.applyNameSwap(i, j, out);
    for (const key of this.keys) {
      if (key.comparison < 0 || key.unique) continue;
      const a = key.column[i] ?? '';
      if (a !== '' && a === key.column[j] && this.shared.isShared(key.field, a))
        out[key.comparison] = NULL_LEVEL;
    }
    return out;
  }

  /**
   * Given and family name entered the wrong way round (a common form error): when neither name agrees
   * as entered but a name agrees crosswise, the names are compared crosswise. Returns true when applied.
   */
  private applyNameSwap(i: number, j: number, out: Uint8Array): boolean {
    const { first, last } = this.nameSwap!;
    const cf = this.model.comparisons[first]!;
    const cl = this.model.comparisons[last]!;
    const elseFirst = cf.comparators.length;
    const elseLast = cl.comparators.length;
    const lf = out[first]!;
    const ll = out[last]!;
    if (!((lf === elseFirst || lf === NULL_LEVEL) && (ll === elseLast || ll === NULL_LEVEL))) return false;
    const f = this.comparisons[first]!.column;
    const l = this.comparisons[last]!.column;
    const fi = f[i] ?? '';
    const li = l[i] ?? '';
    const fj = f[j] ?? '';
    const lj = l[j] ?? '';
    const exact1 = fi !== '' && fi === lj;
    const exact2 = li !== '' && li === fj;
    const cross1 = exact1 || (fi !== '' && lj !== '' && jaroWinkler(fi, lj) >= SWAP_SIMILARITY);
    const cross2 = exact2 || (li !== '' && fj !== '' && jaroWinkler(li, fj) >= SWAP_SIMILARITY);
    if (!(cross1 && cross2) && !exact1 && !exact2) return false;
    out[first] = levelIndex(cf.comparators, cf.mins, fi, lj);
    out[last] = levelIndex(cl.comparators, cl.mins, li, fj);
    return true;
  }

  /** Summed log2 Bayes factor of the pair (correlated groups counted once, common values weigh less). */
  weight(i: number, j: number): number {
    return this.weightOfLevels(i, this.gammas(i, j));
  }

  private weightOfLevels(i: number, g: Uint8Array): number {
    return sumWeights(this.model, g, 0, this.termFrequencyAdjustments(i, g));
  }

  /** For an exact agreement on a tf comparison: log2(u / share of the value), replacing the level's average u. */
  private termFrequencyAdjustments(i: number, g: Uint8Array): Float64Array | undefined {
    if (this.model.tf.length === 0) return undefined;
    this.adjust.fill(0);
    for (const k of this.model.tf) {
      if (g[k] !== 0) continue;
      const c = this.model.comparisons[k]!;
      const share = this.shareOf(k, i);
      if (share > 0) this.adjust[k] = Math.log2(c.u[0]! / share);
    }
    return this.adjust;
  }

  decide(i: number, j: number): PairOutcome {
    return this.decideScored(i, j, false);
  }

  /**
   * `decide`; with `levelsReady`, the pair's levels are already in the gamma buffer (and `lastSwapped` set)
   * from a bounded scoring that ran to the end, so the summed weight is taken from them.
   */
  private decideScored(i: number, j: number, levelsReady: boolean): PairOutcome {
    const guards: string[] = [];
    for (const key of this.keys) {
      const a = key.column[i] ?? '';
      const b = key.column[j] ?? '';
      if (a === '' || b === '') {
        if (key.role !== undefined && key.role[i] !== '' && key.role[i] === key.role[j]) {
          guards.push(`role_address:${key.field}`);
        }
        continue;
      }
      if (a !== b) {
        if (key.unique)
          return this.outcome(i, j, 'no_match', `key:${key.field}`, [`unique_key_conflict:${key.field}`]);
        continue;
      }
      if (this.shared.isShared(key.field, a)) {
        guards.push(`shared_key:${key.field}`);
        continue;
      }
      const fired = this.conflictGuards(i, j);
      if (fired.length > 0) return this.outcome(i, j, 'review', `key:${key.field}`, [...guards, ...fired]);
      return this.outcome(i, j, 'match', `key:${key.field}`, guards);
    }
    const weight = levelsReady ? this.weightOfLevels(i, this.gammaBuffer) : this.weight(i, j);
    const probability = probabilityOf(weight, this.model);
    const t = this.rules.thresholds;
    const decision: PairDecision =
      probability >= t.match ? 'match' : probability >= t.review ? 'review' : 'no_match';
    if (decision !== 'no_match' && !this.lastSwapped) {
      const fired = this.conflictGuards(i, j, true);
      if (fired.length > 0 && !this.hasPersonalEvidence()) {
        const both = fired.includes('name_conflict') && fired.includes('family_name_conflict');
        const guarded = [...guards, ...fired, 'no_personal_evidence'];
        if (both) return { decision: 'no_match', probability, weight, rule: 'score', guards: guarded };
        if (decision === 'match')
          return { decision: 'review', probability, weight, rule: 'score', guards: guarded };
      }
    }
    return { decision, probability, weight, rule: 'score', guards };
  }

  /**
   * The pair's decision, or undefined when it is surely `no_match`: comparisons are computed in an order
   * that brings the decisive ones first, and scoring stops as soon as even the best possible levels of the
   * comparisons left could not lift the sum to the review threshold. Guards only lower a decision, so a
   * pair stopped early is `no_match` under `decide` as well. For batch scoring, where most candidate pairs
   * are different people.
   */
  decideUnlessApart(i: number, j: number): PairOutcome | undefined {
    for (const key of this.keys) {
      const a = key.column[i] ?? '';
      if (a === '') continue;
      const b = key.column[j] ?? '';
      if (b === '') continue;
      if (a !== b) {
        if (key.unique) return undefined;
        continue;
      }
      if (!this.shared.isShared(key.field, a)) return this.decide(i, j);
    }
    const order = this.boundedOrder;
    const out = this.gammaBuffer;
    let remaining = this.totalPositive;
    let p = 0;
    const swap = this.nameSwap;
    if (swap !== undefined) {
      out[swap.first] = this.levelOf(swap.first, i, j);
      out[swap.last] = this.levelOf(swap.last, i, j);
      this.lastSwapped = this.applyNameSwap(i, j, out);
      p = 2;
    }
    this.groupBest.fill(0);
    let w = 0;
    let grouped = 0;
    for (let q = 0; q < order.length; q++) {
      const k = order[q]!;
      if (q >= p) out[k] = this.levelOf(k, i, j);
      remaining -= this.maxPositive[k]!;
      const level = out[k]!;
      if (level === NULL_LEVEL) continue;
      const c = this.model.comparisons[k]!;
      let weight = c.weights[level]!;
      if (level === 0 && this.isTf[k] === 1) {
        const share = this.shareOf(k, i);
        if (share > 0) weight += Math.log2(c.u[0]! / share);
      }
      const group = this.model.groupOf[k]!;
      if (group < 0 || weight <= 0) w += weight;
      else if (weight > this.groupBest[group]!) {
        grouped += weight - this.groupBest[group]!;
        this.groupBest[group] = weight;
      }
      if (q >= this.upfront - 1 && w + grouped + remaining < this.reviewWeight) return undefined;
    }
    if (swap === undefined) this.lastSwapped = false;
    return this.decideScored(i, j, true);
  }

  private shareOf(k: number, i: number): number {
    const shares = this.shares[k];
    if (shares !== undefined) return shares[i]!;
    return this.frequencies.share(this.model.comparisons[k]!.field, this.comparisons[k]!.column[i] ?? '');
  }

  /** The level of one comparison for the pair, as `gammas` computes it. */
  private levelOf(k: number, i: number, j: number): number {
    if (this.sharedKeyComparison[k] === 1) {
      const a = this.comparisons[k]!.column[i] ?? '';
      if (
        a !== '' &&
        a === this.comparisons[k]!.column[j] &&
        this.shared.isShared(this.model.comparisons[k]!.field, a)
      )
        return NULL_LEVEL;
    }
    return this.plainLevel(k, i, j);
  }

  /**
   * The comparators' level for the pair. Two different non-empty values of a cached column are looked up by
   * their codes first, without reading the strings (a read far away in memory for most pairs).
   */
  private plainLevel(k: number, i: number, j: number): number {
    const c = this.model.comparisons[k]!;
    const column = this.comparisons[k]!.column;
    const cache = this.levelCaches[k];
    if (cache !== undefined) {
      const x = cache.codes[i]!;
      const y = cache.codes[j]!;
      if (x >= 0 && y >= 0 && x !== y) {
        let level = cache.get(x, y);
        if (level < 0) {
          level = levelIndex(c.comparators, c.mins, column[i] ?? '', column[j] ?? '');
          cache.set(x, y, level);
        }
        return level;
      }
    }
    return levelIndex(c.comparators, c.mins, column[i] ?? '', column[j] ?? '');
  }

  /** The decision with per-field evidence. */
  explain(i: number, j: number): Explanation {
    const outcome = this.decide(i, j);
    return {
      rule: outcome.rule,
      decision: outcome.decision,
      probability: outcome.probability,
      weight: round(outcome.weight),
      fields: this.fieldEvidence(i, j),
      guards: outcome.guards,
    };
  }

  /**
   * How each field contributed to the pair's score: level, weight and (unless `similarities` is false,
   * which saves a comparator call per field) the comparator similarity.
   */
  fieldEvidence(
    i: number,
    j: number,
    options: { readonly similarities?: boolean; readonly recorded?: PairLevels } = {},
  ): FieldEvidence[] {
    const levels = options.recorded?.levels ?? Uint8Array.from(this.gammas(i, j));
    const swapped = options.recorded?.swapped ?? this.lastSwapped;
    const similarities =
      options.similarities === false
        ? undefined
        : this.model.comparisons.map((c, k) => {
            const column = this.comparisons[k]!.column;
            levelIndex(c.comparators, c.mins, column[i] ?? '', column[j] ?? '');
            return lastSimilarity;
          });
    const adjust = Float64Array.from(
      this.termFrequencyAdjustments(i, levels) ?? new Float64Array(levels.length),
    );
    const counted = countedInGroups(this.model, levels);
    return this.model.comparisons.map((c, k) => {
      const level = levels[k]!;
      if (level === NULL_LEVEL) return { field: c.field, level: 'null', weight: 0 };
      const crossed = swapped && (k === this.nameSwap!.first || k === this.nameSwap!.last);
      const label = c.labels[level] ?? 'else';
      return {
        field: c.field,
        level: crossed ? `swapped:${label}` : label,
        ...(crossed || similarities === undefined ? {} : { similarity: round(similarities[k]!) }),
        weight: round(c.weights[level]! + adjust[k]!),
        ...(counted[k] ? {} : { counted: false }),
      };
    });
  }

  /**
   * The field evidence as one line of text, `field=level(+weight)` for every field compared on both sides
   * (what `pairs.csv` shows), built without the objects of {@link fieldEvidence}.
   */
  evidenceText(i: number, j: number, recorded?: PairLevels): string {
    const levels = recorded?.levels ?? Uint8Array.from(this.gammas(i, j));
    const swapped = recorded?.swapped ?? this.lastSwapped;
    const adjust = this.termFrequencyAdjustments(i, levels);
    let text = '';
    for (let k = 0; k < levels.length; k++) {
      const level = levels[k]!;
      if (level === NULL_LEVEL) continue;
      const c = this.model.comparisons[k]!;
      const crossed = swapped && (k === this.nameSwap!.first || k === this.nameSwap!.last);
      const weight = round(c.weights[level]! + (adjust === undefined ? 0 : adjust[k]!));
      if (text !== '') text += ' ';
      text += `${c.field}=${crossed ? 'swapped:' : ''}${c.labels[level] ?? 'else'}(${weight >= 0 ? '+' : ''}${weight.toFixed(1)})`;
    }
    return text;
  }

  /**
   * The comparison levels of the pair decided last, as `fieldEvidence` needs them: after `decide`, and after a
   * `decideUnlessApart` that returned an outcome (both end by scoring the whole pair). A copy.
   */
  lastLevels(): PairLevels {
    return { levels: this.gammaBuffer.slice(), swapped: this.lastSwapped };
  }

  private outcome(i: number, j: number, decision: PairDecision, rule: string, guards: string[]): PairOutcome {
    const weight = this.weight(i, j);
    return { decision, probability: probabilityOf(weight, this.model), weight, rule, guards };
  }

  /**
   * Whether the pair scored last agrees on something personal — email, phone, birth date, an ID — rather
   * than only on what colleagues or a household share (company, title, address).
   */
  private hasPersonalEvidence(): boolean {
    const g = this.gammaBuffer;
    for (const k of this.personal) {
      const level = g[k]!;
      if (level !== NULL_LEVEL && this.model.comparisons[k]!.weights[level]! > 0) return true;
    }
    return false;
  }

  /** Evidence that a key match joins two different people: different given names or birth dates. */
  private conflictGuards(i: number, j: number, scored = false): string[] {
    const fired: string[] = [];
    if (this.firstName !== undefined) {
      const a = this.firstName[i] ?? '';
      const b = this.firstName[j] ?? '';
      if (a !== '' && b !== '' && givenNamesConflict(a, b)) fired.push('name_conflict');
    }
    if (scored && this.lastName !== undefined) {
      const a = this.lastName[i] ?? '';
      const b = this.lastName[j] ?? '';
      if (a !== '' && b !== '' && a !== b && jaroWinkler(a, b) < NAME_CONFLICT_SIMILARITY)
        fired.push('family_name_conflict');
    }
    if (this.birthDate !== undefined) {
      const a = this.birthDate[i] ?? '';
      const b = this.birthDate[j] ?? '';
      if (a !== '' && b !== '' && dateSimilarity(a, b) < BIRTH_DATE_CONFLICT_SIMILARITY)
        fired.push('birth_date_conflict');
    }
    return fired;
  }
}

/** Two given names that cannot belong to one person: not equal, not variants, not an initial, not a typo. */
export function givenNamesConflict(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === 1 || b.length === 1) return a.charAt(0) !== b.charAt(0);
  if (sameGivenName(a, b)) return false;
  // Two known given names of different groups (Chris, Charles) are two people, however alike they look;
  // one edit apart they may still be a typo of each other.
  if (isKnownGivenName(a) && isKnownGivenName(b) && damerauDistance(a, b) > 1) return true;
  return jaroWinkler(a, b) < NAME_CONFLICT_SIMILARITY;
}

/** Which comparisons' weights count in the sum: in a group, only the strongest agreement does. */
function countedInGroups(model: MatchModel, levels: Uint8Array): boolean[] {
  const best = new Map<number, number>();
  model.comparisons.forEach((c, k) => {
    const group = model.groupOf[k]!;
    const level = levels[k]!;
    if (group < 0 || level === NULL_LEVEL || c.weights[level]! <= 0) return;
    const current = best.get(group);
    if (current === undefined || c.weights[level]! > model.comparisons[current]!.weights[levels[current]!]!)
      best.set(group, k);
  });
  return model.comparisons.map((c, k) => {
    const group = model.groupOf[k]!;
    const level = levels[k]!;
    if (group < 0 || level === NULL_LEVEL || c.weights[level]! <= 0) return true;
    return best.get(group) === k;
  });
}

let lastSimilarity = 0;

/**
 * The first level whose comparator similarity reaches its minimum; `else` is the index after the last
 * level, NULL_LEVEL when a side is empty. The similarity seen last is kept in `lastSimilarity`
 * (no allocation on the hot path).
 */
export function levelIndex(
  comparators: CompiledComparators,
  mins: Float64Array,
  a: string,
  b: string,
): number {
  if (a === '' || b === '') {
    lastSimilarity = 0;
    return NULL_LEVEL;
  }
  if (a === b) {
    lastSimilarity = 1;
    return 0;
  }
  let last: string | undefined;
  let similarity = 0;
  for (let l = 0; l < comparators.length; l++) {
    const comparator = comparators[l]!;
    if (comparator !== last) {
      similarity = compareValues(comparator, a, b);
      last = comparator;
    }
    if (similarity >= mins[l]!) {
      lastSimilarity = similarity;
      return l;
    }
  }
  lastSimilarity = similarity;
  return comparators.length;
}

type CompiledComparators = MatchModel['comparisons'][number]['comparators'];

const round = (x: number): number => Math.round(x * 1000) / 1000;
