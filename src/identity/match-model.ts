import type { ComparatorName, IdentityRules } from './rules.js';

/** One comparison ready for scoring: level thresholds and log2(m/u) weights (last entry: `else`). */
export interface CompiledComparison {
  readonly field: string;
  readonly labels: readonly string[];
  readonly comparators: readonly ComparatorName[];
  readonly mins: Float64Array;
  readonly m: Float64Array;
  readonly u: Float64Array;
  readonly weights: Float64Array;
}

/** The Fellegi-Sunter model the scorer uses: comparisons with their current m/u and the prior. */
export interface MatchModel {
  readonly comparisons: readonly CompiledComparison[];
  /** Group number per comparison (-1 when it stands alone); see `Comparison.group`. */
  readonly groupOf: Int32Array;
  readonly groupCount: number;
  /** Comparisons with a term-frequency adjusted exact level. */
  readonly tf: readonly number[];
  readonly prior: number;
  /** log2(prior / (1 - prior)), added to the summed weights. */
  readonly priorWeight: number;
}

const clamp = (p: number): number => Math.min(1 - 1e-9, Math.max(1e-9, p));

export function compileModel(rules: IdentityRules, prior: number = rules.prior): MatchModel {
  const comparisons = rules.comparisons.map((c): CompiledComparison => {
    const m = Float64Array.from([...c.levels.map((l) => l.m), c.else.m], clamp);
    const u = Float64Array.from([...c.levels.map((l) => l.u), c.else.u], clamp);
    return {
      field: c.field,
      labels: [...c.levels.map((l) => l.label), 'else'],
      comparators: c.levels.map((l) => l.comparator),
      mins: Float64Array.from(c.levels.map((l) => l.min)),
      m,
      u,
      weights: m.map((mi, i) => Math.log2(mi / (u[i] ?? 1))),
    };
  });
  const groups = [...new Set(rules.comparisons.flatMap((c) => (c.group === undefined ? [] : [c.group])))];
  const groupOf = Int32Array.from(rules.comparisons, (c) =>
    c.group === undefined ? -1 : groups.indexOf(c.group),
  );
  const tf = rules.comparisons.flatMap((c, k) => (c.tf === true ? [k] : []));
  return withPrior({ comparisons, groupOf, groupCount: groups.length, tf, prior, priorWeight: 0 }, prior);
}

const NULL_LEVEL = 255;
let groupBest = new Float64Array(8);

/**
 * Summed log2 Bayes factor of a comparison vector: each comparison's weight, except that within a group
 * only the strongest agreement counts (disagreements all count).
 */
export function sumWeights(
  model: MatchModel,
  gammas: ArrayLike<number>,
  offset = 0,
  adjust?: ArrayLike<number>,
): number {
  if (groupBest.length < model.groupCount) groupBest = new Float64Array(model.groupCount);
  groupBest.fill(0, 0, model.groupCount);
  let w = 0;
  const comparisons = model.comparisons;
  for (let k = 0; k < comparisons.length; k++) {
    const level = gammas[offset + k]!;
    if (level === NULL_LEVEL) continue;
    const weight = comparisons[k]!.weights[level]! + (adjust === undefined ? 0 : adjust[k]!);
    const group = model.groupOf[k]!;
    if (group < 0 || weight <= 0) w += weight;
    else if (weight > groupBest[group]!) groupBest[group] = weight;
  }
  for (let g = 0; g < model.groupCount; g++) w += groupBest[g]!;
  return w;
}

export function withPrior(model: MatchModel, prior: number): MatchModel {
  const p = clamp(prior);
  return { ...model, prior: p, priorWeight: Math.log2(p / (1 - p)) };
}

/** The same model with new m/u for some comparisons (by index), e.g. after estimation. */
export function withParameters(
  model: MatchModel,
  params: readonly { readonly m: ArrayLike<number>; readonly u: ArrayLike<number> }[],
): MatchModel {
  const comparisons = model.comparisons.map((c, k) => {
    const p = params[k];
    if (p === undefined) return c;
    const m = Float64Array.from(p.m, clamp);
    const u = Float64Array.from(p.u, clamp);
    return { ...c, m, u, weights: m.map((mi, i) => Math.log2(mi / (u[i] ?? 1))) };
  });
  return { ...model, comparisons };
}

export function probabilityOf(weight: number, model: MatchModel): number {
  return 1 / (1 + Math.pow(2, -(weight + model.priorWeight)));
}

/** Rules with the model's m/u written back, e.g. to save what estimation learned. */
export function rulesWithModel(rules: IdentityRules, model: MatchModel): IdentityRules {
  return {
    ...rules,
    prior: model.prior,
    comparisons: rules.comparisons.map((c, k) => {
      const cm = model.comparisons[k];
      if (cm === undefined) return c;
      const last = c.levels.length;
      return {
        ...c,
        levels: c.levels.map((l, i) => ({ ...l, m: round(cm.m[i] ?? l.m), u: round(cm.u[i] ?? l.u) })),
        else: { m: round(cm.m[last] ?? c.else.m), u: round(cm.u[last] ?? c.else.u) },
      };
    }),
  };
}

const round = (x: number): number => Number(x.toPrecision(4));
