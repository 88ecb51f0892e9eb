import type { Explanation, FieldEvidence, PairDecision } from '../identity/decision.js';
import type { PairView } from '../detect/audit-result.js';
import { formatPercent, formatWeight } from './format-number.js';
import { html, type SafeHtml } from './html-template.js';
import type { ReportContext } from './report-context.js';
import { isBlank, sameValue } from './same-value.js';
import { weightBar } from './weight-bar.js';
import { breakableText } from './breakable-text.js';

const GUARD_HELP: Readonly<Record<string, string>> = {
  role_address:
    'A shared role mailbox (info@, sales@…) is not evidence that two records are the same person.',
  name_conflict: 'The names disagree, so the pair is held back from an automatic merge.',
};

const DECISION_LABEL: Readonly<Record<PairDecision, string>> = {
  match: 'match',
  review: 'review',
  no_match: 'no match',
};

/** A coloured chip for a pair decision. */
export function decisionChip(decision: PairDecision): SafeHtml {
  return html`<span class="chip decision ${decision}">${DECISION_LABEL[decision]}</span>`;
}

/** Warning chips for the false-merge guards that fired. */
export function guardChips(guards: readonly string[]): SafeHtml {
  return html`${guards.map((g) => {
    const help = GUARD_HELP[g.split(':')[0] ?? g] ?? 'A false-merge guard fired for this pair.';
    return html`<span class="chip guard" title="${help}">⚠ ${g}</span>`;
  })}`;
}

function ruleText(rule: string): string {
  if (rule.startsWith('key:')) return `exact key on ${rule.slice(4)}`;
  if (rule === 'score') return 'weighted score';
  return rule;
}

function levelChip(e: FieldEvidence | undefined): SafeHtml {
  if (!e) return html`<span class="level none">not compared</span>`;
  if (e.level === 'null') return html`<span class="level none">empty</span>`;
  if (e.level === 'else') return html`<span class="level else">different</span>`;
  return html`<span class="level">${e.level}</span>`;
}

function similarity(e: FieldEvidence | undefined): string {
  return e?.similarity === undefined ? '' : e.similarity.toFixed(2);
}

/** One line stating the decision, rule, probability and total weight, with guard chips. */
export function explanationHeadline(x: Explanation): SafeHtml {
  return html`<div class="headline">
    ${decisionChip(x.decision)}<span class="prob">${formatPercent(x.probability)}</span
    ><span class="muted"
      >match probability · ${ruleText(x.rule)} · total weight ${formatWeight(x.weight)}</span
    >${guardChips(x.guards)}
  </div>`;
}

function evidenceFields(pair: PairView, ctx: ReportContext, withValues: boolean): string[] {
  const compared = pair.explanation.fields.map((f) => f.field);
  if (!withValues) return compared;
  const shown = ctx.fields.filter(
    (f) => compared.includes(f) || !isBlank(pair.aValues[f]) || !isBlank(pair.bValues[f]),
  );
  return [...shown, ...compared.filter((f) => !shown.includes(f))];
}

/**
 * The per-field evidence of a pair: level, similarity and weight bar, optionally with
 * the two records' values side by side (differing values highlighted).
 */
export function evidenceTable(pair: PairView, ctx: ReportContext, withValues: boolean): SafeHtml {
  const byField = new Map(pair.explanation.fields.map((f) => [f.field, f]));
  const rows = evidenceFields(pair, ctx, withValues).map((field) => {
    const e = byField.get(field);
    const a = pair.aValues[field] ?? '';
    const b = pair.bValues[field] ?? '';
    const differs = !isBlank(a) && !isBlank(b) && !sameValue(a, b);
    const cell = (v: string) =>
      isBlank(v)
        ? html`<td class="val empty">—</td>`
        : html`<td class="val${differs ? ' diff' : ''}">${breakableText(v)}</td>`;
    return html`<tr>
      <th scope="row">${field}</th>
      ${withValues ? html`${cell(a)}${cell(b)}` : ''}
      <td>${levelChip(e)}</td>
      <td class="num sim">${similarity(e)}</td>
      <td class="weight">${e ? weightBar(e.weight, ctx.weightScale) : ''}</td>
    </tr>`;
  });
  const valueHeads = withValues
    ? html`<th>${pair.a}</th>
        <th>${pair.b}</th>`
    : '';
  return html`<table class="evidence${withValues ? ' with-values' : ''}">
    <thead>
      <tr>
        <th>Field</th>
        ${valueHeads}
        <th>Level</th>
        <th class="num">Sim.</th>
        <th>Weight</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
