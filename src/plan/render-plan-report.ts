import { breakableText } from '../report/breakable-text.js';
import { formatNumber } from '../report/format-number.js';
import { html, raw, type SafeHtml } from '../report/html-template.js';
import { REPORT_CSS } from '../report/report-styles.js';
import type { PlanResult } from './run-plan.js';

/** No script, no external assets. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const STYLE_ELEMENT = raw(`<style>${REPORT_CSS}</style>`);
/** Conflicts listed with their values (all are counted). */
const MAX_CONFLICTS_LISTED = 500;

function stat(value: number, label: string, note?: string, tone?: 'key' | 'warn'): SafeHtml {
  return html`<div class="card stat${tone ? ` ${tone}` : ''}">
    <div class="value">${formatNumber(value)}</div>
    <div class="label">${label}</div>
    ${note ? html`<div class="note">${note}</div>` : ''}
  </div>`;
}

/** The plan as one self-contained HTML page; the only place where the conflicting values are shown. */
export function renderPlanReport({ summary: s, conflicts }: PlanResult, generatedAt: Date): string {
  const p = s.prediction;
  const d = s.sourceDuplicates;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <title>Lanekeeper plan: ${s.file} → ${s.lane}</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <header class="page">
          <div class="inner">
            <div class="brand">Lanekeeper · first-sync plan</div>
            <h1><code>${breakableText(s.file)}</code> → ${s.lane}</h1>
          </div>
        </header>
        <main>
          <section id="prediction">
            <h2>What a first sync would do now</h2>
            <p>
              Every row went through the lane in dry run against the CRM as it is: the same decisions as a
              real import, nothing written.
            </p>
            <div class="cards">
              ${[
                stat(p.rows, 'rows'),
                stat(p.created, 'creates', 'people the CRM does not hold', 'key'),
                stat(p.updated, 'updates', 'records the CRM holds already'),
                stat(p.unchanged, 'unchanged'),
                stat(p.review, 'reviews', 'a person decides', p.review > 0 ? 'warn' : undefined),
                stat(p.blocked + p.deadLetters, 'blocked', 'refused or failed'),
                stat(
                  p.badRows,
                  'bad rows',
                  'refused by the lane contract',
                  p.badRows > 0 ? 'warn' : undefined,
                ),
              ]}
            </div>
          </section>
          <section id="duplicates">
            <h2>Duplicates inside the file</h2>
            <p>
              ${formatNumber(d.records)} records hold ${formatNumber(d.duplicateClusters)} groups of
              duplicates: a naive first sync (create per row) would copy ${formatNumber(d.redundantRecords)}
              duplicate records into the CRM. Through the lane they become updates of one record.
            </p>
          </section>
          <section id="anchor">
            <h2>Rows without the anchor</h2>
            <p>
              ${
                s.anchor.field === null
                  ? html`The lane has no <code>source.id_field</code>: no row can be found again by its source
                      id.`
                  : html`${formatNumber(s.anchor.missing)} rows have no <code>${s.anchor.field}</code>${
                        s.anchor.lines.length > 0
                          ? html` (lines
                            ${s.anchor.lines.join(', ')}${s.anchor.missing > s.anchor.lines.length ? ', …' : ''})`
                          : ''
                      }.`
              }
            </p>
          </section>
          <section id="conflicts">
            <h2>Values the lane's rules decide</h2>
            <table>
              <thead>
                <tr>
                  <th>property</th>
                  <th>conflicts</th>
                  <th>the file wins</th>
                  <th>the CRM keeps its value</th>
                </tr>
              </thead>
              <tbody>
                ${s.conflicts.byProperty.map(
                  (c) =>
                    html`<tr>
                      <td><code>${c.property}</code></td>
                      <td>${formatNumber(c.conflicts)}</td>
                      <td>${formatNumber(c.sourceWins)}</td>
                      <td>${formatNumber(c.crmWins)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <table>
              <thead>
                <tr>
                  <th>line</th>
                  <th>record</th>
                  <th>property</th>
                  <th>in the CRM</th>
                  <th>in the file</th>
                  <th>wins</th>
                </tr>
              </thead>
              <tbody>
                ${conflicts.slice(0, MAX_CONFLICTS_LISTED).map(
                  (c) =>
                    html`<tr>
                      <td>${c.line}</td>
                      <td>${c.targetId}</td>
                      <td><code>${c.property}</code></td>
                      <td>${breakableText(c.crm)}</td>
                      <td>${breakableText(c.source)}</td>
                      <td>${c.winner === 'source' ? 'file' : 'CRM'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </section>
          <section id="review">
            <h2>Reviews and refused rows</h2>
            <table>
              <thead>
                <tr>
                  <th>line</th>
                  <th>what</th>
                </tr>
              </thead>
              <tbody>
                ${s.reviews.map(
                  (r) =>
                    html`<tr>
                      <td>${r.line}</td>
                      <td>review: ${r.reason}</td>
                    </tr>`,
                )}
                ${s.problems.map(
                  (r) =>
                    html`<tr>
                      <td>${r.line}</td>
                      <td><code>${r.path}</code>: ${r.message}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </section>
          <footer>
            Generated by Lanekeeper at ${generatedAt.toISOString()}; ${formatNumber(s.apiCalls)} API calls
            (reads only), ${s.seconds} s. Values are shown as the CRM and the file hold them.
          </footer>
        </main>
      </body>
    </html> `;
  return page.value;
}
