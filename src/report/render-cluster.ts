import type { ClusterView, PairView } from '../detect/audit-result.js';
import { formatNumber, formatPercent } from './format-number.js';
import { html, raw, type SafeHtml } from './html-template.js';
import type { ReportContext } from './report-context.js';
import { evidenceTable, explanationHeadline, guardChips } from './render-explanation.js';
import { isBlank, sameValue } from './same-value.js';
import { breakableText } from './breakable-text.js';

/** Edge lists at most this long start expanded. */
const OPEN_EDGES = 3;

function clusterFields(cluster: ClusterView, ctx: ReportContext): string[] {
  const present = (f: string) =>
    !isBlank(cluster.golden[f]) || cluster.records.some((r) => !isBlank(r.values[f]));
  const extra = new Set<string>();
  for (const r of cluster.records) for (const f of Object.keys(r.values)) extra.add(f);
  for (const f of Object.keys(cluster.golden)) extra.add(f);
  for (const f of ctx.fields) extra.delete(f);
  return [...ctx.fields, ...extra].filter(present);
}

function fieldRow(cluster: ClusterView, field: string): SafeHtml {
  const values = cluster.records.map((r) => r.values[field] ?? '');
  const filled = values.filter((v) => !isBlank(v));
  const differs = filled.some((v) => !sameValue(v, filled[0] ?? ''));
  const golden = cluster.golden[field] ?? '';
  const cells = cluster.records.map((r, i) => {
    const v = values[i] ?? '';
    const cls = ['val', r.survivor ? 'survivor' : ''];
    if (isBlank(v)) return html`<td class="${[...cls, 'empty'].join(' ')}">—</td>`;
    if (differs && (isBlank(golden) || !sameValue(v, golden))) cls.push('diff');
    return html`<td class="${cls.join(' ').trim()}">${breakableText(v)}</td>`;
  });
  return html`<tr class="${differs ? 'differs' : ''}">
    <th scope="row">${field}${differs ? html`<span class="diff-dot" title="values differ">●</span>` : ''}</th>
    ${cells}
    <td class="${isBlank(golden) ? 'val golden empty' : 'val golden'}">
      ${isBlank(golden) ? '—' : breakableText(golden)}
    </td>
  </tr>`;
}

function renderEdge(edge: PairView, ctx: ReportContext): SafeHtml {
  return html`<div class="edge">
    <div class="edge-title"><span class="ids">${edge.a} ↔ ${edge.b}</span></div>
    ${explanationHeadline(edge.explanation)}${evidenceTable(edge, ctx, false)}
  </div>`;
}

/** A cluster as a record-per-column table with its golden record, followed by its match edges explained. */
export function renderCluster(cluster: ClusterView, ctx: ReportContext): SafeHtml {
  const guards = [...new Set(cluster.edges.flatMap((e) => e.explanation.guards))];
  const heads = cluster.records.map(
    (r) =>
      html`<th class="${r.survivor ? 'rec survivor' : 'rec'}">
        <span class="rid">${r.id}</span>${
          r.survivor
            ? html`<span class="badge survivor" title="This record is kept; the others merge into it"
                >★ survivor</span
              >`
            : ''
        }
      </th>`,
  );
  const rows = clusterFields(cluster, ctx).map((f) => fieldRow(cluster, f));
  const n = cluster.edges.length;
  return html`<details class="cluster card" open>
    <summary>
      <span class="cluster-id">Cluster ${cluster.clusterId}</span
      ><span class="muted"
        >${formatNumber(cluster.records.length)} records · weakest link
        ${formatPercent(cluster.weakestProbability)}</span
      >${guardChips(guards)}
    </summary>
    <div class="scroll">
      <table class="records">
        <thead>
          <tr>
            <th>Field</th>
            ${heads}
            <th class="golden">Golden record</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    ${
      n > 0
        ? html`<details class="edges" ${n <= OPEN_EDGES ? raw(' open') : ''}>
            <summary>
              ${formatNumber(n)} match edge${n === 1 ? '' : 's'}: why these records were joined
            </summary>
            ${cluster.edges.map((e) => renderEdge(e, ctx))}
          </details>`
        : ''
    }
  </details>`;
}
