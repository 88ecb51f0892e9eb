import { createHash } from 'node:crypto';
import type { AuditSummary, ClusterView, ReportData } from '../detect/audit-result.js';
import { breakableText } from './breakable-text.js';
import { clusterSizeBars } from './cluster-size-bars.js';
import { formatDuration, formatNumber, formatPercent, formatProbability } from './format-number.js';
import { html, raw, type SafeHtml } from './html-template.js';
import { renderCluster } from './render-cluster.js';
import { renderReviewPair } from './render-review-pair.js';
import type { ReportContext } from './report-context.js';
import { REPORT_CSS } from './report-styles.js';
import { svgBarChart } from './svg-bar-chart.js';
import { weightBar } from './weight-bar.js';

/** Expand/collapse-all buttons, and every section opened while printing. */
const SCRIPT = `(() => {
  const all = () => document.querySelectorAll('details');
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('[data-toggle]') : null;
    if (button) all().forEach((d) => { d.open = button.getAttribute('data-toggle') === 'open'; });
  });
  addEventListener('beforeprint', () => all().forEach((d) => { d.dataset.was = d.open ? '1' : ''; d.open = true; }));
  addEventListener('afterprint', () => all().forEach((d) => { d.open = d.dataset.was === '1'; }));
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** Inline scripts other than ours are refused, as a second line of defence behind escaping. */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

/** Built outside the markup templates so the script text is exactly what the hash covers. */
const SCRIPT_ELEMENT = raw(`<script>${SCRIPT}</script>`);
const STYLE_ELEMENT = raw(`<style>${REPORT_CSS}</style>`);

const DEFAULT_WEIGHT_SCALE = 10;

function weightScale(data: ReportData): number {
  const weights = [
    ...data.summary.model.comparisons.flatMap((c) => c.levels.map((l) => l.weight)),
    ...[...data.largest, ...data.doubtful]
      .flatMap((c) => c.edges)
      .concat(data.review)
      .flatMap((p) => p.explanation.fields.map((f) => f.weight)),
  ]
    .filter(Number.isFinite)
    .map(Math.abs);
  const max = Math.max(0, ...weights);
  return max > 0 ? max : DEFAULT_WEIGHT_SCALE;
}

function displayTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$|Z$/, ' UTC');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

function renderHeader(data: ReportData): SafeHtml {
  const s = data.summary;
  const files = s.input.files.length > 0 ? s.input.files : ['(stdin)'];
  const item = (label: string, value: unknown, cls = '') =>
    html`<div class="${cls}">
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  return html`<header class="page">
    <div class="inner">
      <div class="brand">Lanekeeper · duplicate audit</div>
      <h1>${files.join(', ')}</h1>
      <dl class="meta">
        ${[
          item(
            files.length === 1 ? 'Input file' : 'Input files',
            files.map((f) => html`<code>${breakableText(f)}</code>`),
            'files',
          ),
          item('Records', formatNumber(s.input.records)),
          item('Mode', s.mode === 'dedupe' ? 'dedupe (within the export)' : 'link (across files)'),
          item('Preset', s.preset),
          item('Contract', s.contract ?? 'none (columns recognised by header)'),
          item('Generated at', displayTime(data.generatedAt)),
        ]}
      </dl>
      <nav class="toc">
        <a href="#summary">Summary</a><a href="#sizes">Cluster sizes</a><a href="#columns">Columns</a
        ><a href="#clusters">Clusters</a><a href="#review">Review pairs</a><a href="#model">Model</a
        ><a href="#timings">Timings</a>
      </nav>
    </div>
  </header>`;
}

function stat(value: string, label: string, note?: string, tone?: 'key' | 'warn'): SafeHtml {
  return html`<div class="card stat${tone ? ` ${tone}` : ''}">
    <div class="value">${value}</div>
    <div class="label">${label}</div>
    ${note ? html`<div class="note">${note}</div>` : ''}
  </div>`;
}

function renderSummary(s: AuditSummary): SafeHtml {
  const c = s.counts;
  const cards = [
    stat(formatNumber(c.records), 'records'),
    stat(formatNumber(c.duplicateClusters), 'duplicate clusters', 'groups of 2+ records that are one entity'),
    stat(formatNumber(c.recordsInDuplicateClusters), 'records in duplicate clusters'),
    stat(
      formatPercent(c.duplicateRate),
      'duplicate rate',
      `${plural(c.redundantRecords, 'redundant record')} a full merge would remove`,
      'key',
    ),
    stat(formatNumber(c.matchPairs), 'match pairs', `of ${formatNumber(c.comparedPairs)} pairs compared`),
    stat(
      formatNumber(c.reviewPairs),
      'review pairs',
      'need a person to decide',
      c.reviewPairs > 0 ? 'warn' : undefined,
    ),
    stat(
      formatNumber(c.missingExternalId),
      'missing external ID',
      c.records > 0 ? `${formatPercent(c.missingExternalId / c.records)} of records` : undefined,
      c.missingExternalId > 0 ? 'warn' : undefined,
    ),
  ];
  if (c.oversizedBlocks > 0)
    cards.push(stat(formatNumber(c.oversizedBlocks), 'oversized blocks', undefined, 'warn'));
  if (c.cutEdges > 0) cards.push(stat(formatNumber(c.cutEdges), 'cut edges', undefined, 'warn'));

  const notes: SafeHtml[] = [];
  if (c.oversizedBlocks > 0) {
    notes.push(
      html`<li>
        <strong>Oversized blocks:</strong> ${plural(c.oversizedBlocks, 'group')} of similar-looking records
        exceeded the comparison cap and were compared within a sorted window instead of pair by pair, so a few
        duplicates inside them may be missed.
      </li>`,
    );
  }
  if (c.cutEdges > 0) {
    notes.push(
      html`<li>
        <strong>Cut edges:</strong> ${plural(c.cutEdges, 'match link')} were cut to keep clusters under the
        size guard; records that would have chained into one giant cluster are kept apart instead.
      </li>`,
    );
  }
  return html`<section id="summary">
    <h2>Summary</h2>
    <div class="cards">${cards}</div>
    ${
      notes.length > 0
        ? html`<ul class="notes">
            ${notes}
          </ul>`
        : ''
    }
    <p class="lede">${plainLanguage(s)}</p>
  </section>`;
}

/** The headline finding in a sentence or three. */
function plainLanguage(s: AuditSummary): SafeHtml {
  const c = s.counts;
  const parts: SafeHtml[] = [];
  if (c.redundantRecords > 0) {
    parts.push(
      html`If you synced this export as it is, about
        <strong>${plural(c.redundantRecords, 'record')} (${formatPercent(c.duplicateRate)})</strong> would
        arrive as duplicates of another record. They sit in ${plural(c.duplicateClusters, 'cluster')} holding
        ${plural(c.recordsInDuplicateClusters, 'record')} in all; merging each cluster into its golden record
        would leave ${plural(c.records - c.redundantRecords, 'distinct record')}.`,
    );
  } else {
    parts.push(html`No confident duplicates were found among ${plural(c.records, 'record')}.`);
  }
  if (c.reviewPairs > 0) {
    parts.push(
      html` Another <strong>${plural(c.reviewPairs, 'pair')}</strong> look alike but not conclusively; they
        are listed under Review pairs for a person to decide.`,
    );
  }
  if (c.missingExternalId > 0) {
    parts.push(
      html` ${plural(c.missingExternalId, 'record')}
      (${formatPercent(c.records > 0 ? c.missingExternalId / c.records : 0)}) carry no external ID, so the
      first sync cannot upsert them by key.`,
    );
  }
  return html`${parts}`;
}

function renderClusterSizes(s: AuditSummary): SafeHtml {
  const bars = clusterSizeBars(s.clusterSizes);
  if (bars.length === 0) {
    return html`<section id="sizes">
      <h2>Cluster sizes</h2>
      <div class="card empty-state">No clusters.</div>
    </section>`;
  }
  const chart = svgBarChart(bars, {
    title: 'Number of clusters by cluster size',
    xLabel: 'records per cluster',
    yLabel: 'clusters',
    width: Math.min(860, Math.max(420, bars.length * 56 + 90)),
    height: 270,
  });
  const largest = Math.max(...s.clusterSizes.map((x) => x.size));
  return html`<section id="sizes">
    <h2>Cluster sizes</h2>
    <div class="card chart-card">
      ${chart}
      <div class="caption">
        <p>
          Each bar counts the clusters of one size. Grey is size 1: records with no duplicate. Blue bars are
          duplicate clusters; the further right, the more copies of the same entity.
        </p>
        <p>
          Largest cluster: ${plural(largest, 'record')}. Hover a bar for exact figures. When counts differ by
          orders of magnitude the axis is logarithmic.
        </p>
      </div>
    </div>
  </section>`;
}

function renderColumns(s: AuditSummary): SafeHtml {
  const how = (h: 'explicit' | 'recognised') =>
    h === 'explicit'
      ? html`<span class="chip how-explicit">explicit (--map / contract)</span>`
      : html`<span class="chip">recognised from header</span>`;
  const rows = s.columns.mapped.map(
    (m) =>
      html`<tr>
        <td>
          <code>${m.column}</code
          >${m.column === s.columns.id ? html`<span class="badge idcol">record id</span>` : ''}
        </td>
        <td>${m.field}</td>
        <td><code>${m.type}</code></td>
        <td>${how(m.how)}</td>
      </tr>`,
  );
  const ignored =
    s.columns.ignored.length > 0
      ? html`${s.columns.ignored.map((c) => html`<span class="chip">${c}</span>`)}`
      : html`<span class="muted">none</span>`;
  const idNote =
    s.columns.id === null
      ? html`<p class="muted small">No record id column was identified; records are named file:line.</p>`
      : html`<p class="muted small">Record id column: <code>${s.columns.id}</code></p>`;
  return html`<section id="columns">
    <h2>Column mapping</h2>
    <p class="muted">How each input column was understood. Only mapped columns take part in matching.</p>
    <div class="card table-card">
      <table>
        <thead>
          <tr>
            <th>Column</th>
            <th>Field</th>
            <th>Type</th>
            <th>How</th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length > 0
              ? rows
              : html`<tr>
                  <td colspan="4" class="empty-state">No columns mapped.</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>
    ${idNote}
    <p class="small"><strong>Ignored columns:</strong> ${ignored}</p>
  </section>`;
}

function clusterColumn(
  title: string,
  blurb: string,
  clusters: readonly ClusterView[],
  ctx: ReportContext,
): SafeHtml {
  return html`<section>
    <h3>${title}</h3>
    <p>${blurb}</p>
    ${
      clusters.length > 0
        ? clusters.map((c) => renderCluster(c, ctx))
        : html`<div class="card empty-state">None.</div>`
    }
  </section>`;
}

function renderClusters(data: ReportData, ctx: ReportContext): SafeHtml {
  return html`<section id="clusters">
    <h2>
      Clusters
      <span class="toolbar"
        ><button type="button" data-toggle="open">Expand all</button>
        <button type="button" data-toggle="close">Collapse all</button></span
      >
    </h2>
    <p class="muted">
      One column per record; highlighted cells differ from the golden record (the proposed merged result).
      <span class="badge survivor">★ survivor</span> marks the record kept when the others merge into it.
    </p>
    <div class="columns2">
      ${[
        clusterColumn(
          'Largest clusters',
          'The biggest groups of records that are one entity.',
          data.largest,
          ctx,
        ),
        clusterColumn(
          'Most doubtful clusters',
          'Clusters whose weakest link is least certain: check these first.',
          data.doubtful,
          ctx,
        ),
      ]}
    </div>
  </section>`;
}

function renderReview(data: ReportData, ctx: ReportContext): SafeHtml {
  const total = data.summary.counts.reviewPairs;
  const shown = data.review.length;
  const note =
    total > shown
      ? `Showing ${formatNumber(shown)} of ${formatNumber(total)} review pairs.`
      : `${plural(shown, 'pair')}.`;
  return html`<section id="review">
    <h2>Review pairs</h2>
    <p class="muted">
      Pairs that look alike but not conclusively. Nothing is merged automatically; highlighted values differ.
      ${note}
    </p>
    ${
      shown > 0
        ? html`<div class="pairs">${data.review.map((p) => renderReviewPair(p, ctx))}</div>`
        : html`<div class="card empty-state">No pairs need review.</div>`
    }
  </section>`;
}

function renderModel(s: AuditSummary, ctx: ReportContext): SafeHtml {
  const cards = s.model.comparisons.map(
    (c) =>
      html`<div class="card">
        <h3>${c.field}</h3>
        <table class="evidence">
          <thead>
            <tr>
              <th>Level</th>
              <th class="num">m</th>
              <th class="num">u</th>
              <th>Weight</th>
            </tr>
          </thead>
          <tbody>
            ${c.levels.map(
              (l) =>
                html`<tr>
                  <th scope="row">${l.label}</th>
                  <td class="num">${formatProbability(l.m)}</td>
                  <td class="num">${formatProbability(l.u)}</td>
                  <td class="weight">${weightBar(l.weight, ctx.weightScale)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  );
  return html`<details class="section" id="model">
    <summary>
      Model: ${plural(s.model.comparisons.length, 'comparison')},
      ${plural(s.model.emIterations, 'EM iteration')}
    </summary>
    <p class="muted">
      For each compared field and level: <strong>m</strong> is how often true matches land in that level,
      <strong>u</strong> how often non-matches do, and the weight is log₂(m/u): the evidence the level adds
      for (green) or against (red) a match.
    </p>
    <div class="model-grid">${cards}</div>
  </details>`;
}

function renderTimings(s: AuditSummary): SafeHtml {
  const entries = Object.entries(s.timingsMs).filter(([k]) => k !== 'total');
  const total = s.timingsMs['total'] ?? entries.reduce((n, [, v]) => n + v, 0);
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const rows = entries.map(
    ([stage, ms]) =>
      html`<tr>
        <th scope="row">${stage}</th>
        <td class="num">${formatDuration(ms)}</td>
        <td style="width:50%">
          <span class="timing-bar" style="width:${Math.round((ms / max) * 1000) / 10}%"></span>
        </td>
      </tr>`,
  );
  return html`<section id="timings">
    <h2>Timings</h2>
    <div class="card table-card">
      <table>
        <tbody>
          ${rows}
          <tr class="total">
            <th scope="row">total</th>
            <td class="num">${formatDuration(total)}</td>
            <td></td>
          </tr>
        </tbody>
      </table>
    </div>
  </section>`;
}

/** Renders the audit as one self-contained HTML page: inline CSS and SVG, no external assets. */
export function renderReport(data: ReportData): string {
  const ctx: ReportContext = { fields: data.fields, weightScale: weightScale(data) };
  const s = data.summary;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <title>Lanekeeper audit: ${s.input.files.join(', ')}</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        ${renderHeader(data)}
        <main>
          ${renderSummary(s)} ${renderClusterSizes(s)} ${renderColumns(s)} ${renderClusters(data, ctx)}
          ${renderReview(data, ctx)} ${renderModel(s, ctx)} ${renderTimings(s)}
          <footer>
            Generated by Lanekeeper at ${displayTime(data.generatedAt)}. Values are shown as they appear in
            the input.
          </footer>
        </main>
        ${SCRIPT_ELEMENT}
      </body>
    </html> `;
  return page.value;
}
