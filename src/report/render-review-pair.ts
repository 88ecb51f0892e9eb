import type { PairView } from '../detect/audit-result.js';
import { html, type SafeHtml } from './html-template.js';
import type { ReportContext } from './report-context.js';
import { evidenceTable, explanationHeadline } from './render-explanation.js';

/** A review pair as a two-record comparison with the per-field evidence beside the values. */
export function renderReviewPair(pair: PairView, ctx: ReportContext): SafeHtml {
  return html`<article class="pair card">
    <div class="pair-title"><span class="ids">${pair.a} ↔ ${pair.b}</span></div>
    ${explanationHeadline(pair.explanation)}
    <div class="scroll">${evidenceTable(pair, ctx, true)}</div>
  </article>`;
}
