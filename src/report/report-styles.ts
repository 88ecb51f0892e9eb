/** The report's inline stylesheet: light theme, system fonts, print-friendly. */
export const REPORT_CSS = `
:root {
  --fg: #1f2430; --muted: #5f6b7a; --faint: #8a94a3; --line: #e3e7ee; --bg: #f6f7f9; --card: #fff;
  --accent: #2f6fdb; --accent-soft: #e8f0fd; --good: #1f8a4c; --good-soft: #e6f4ec;
  --warn: #a86200; --warn-soft: #fff4e0; --bad: #c23b32; --bad-soft: #fdecea; --diff: #fff1c2;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 4px; }
p { margin: 6px 0 12px; max-width: 80ch; }
code, .ids, .rid, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
.brand { color: var(--accent); font-weight: 600; font-size: 13px; text-transform: uppercase; letter-spacing: .08em; }
header.page { background: var(--card); border-bottom: 1px solid var(--line); }
header.page .inner { max-width: 1320px; margin: 0 auto; padding: 22px 28px 16px; }
.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 8px 24px; margin: 14px 0 0; }
.meta div { min-width: 0; }
.meta dt { color: var(--faint); font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; }
.meta dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
.meta dd code { display: block; }
.meta .files { grid-column: span 2; }
nav.toc { margin-top: 14px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
.stat { padding: 12px 14px; }
.stat .value { font-size: 26px; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
.stat .label { color: var(--muted); font-size: 12.5px; }
.stat .note { color: var(--faint); font-size: 12px; margin-top: 2px; }
.stat.key { border-color: var(--accent); background: var(--accent-soft); }
.stat.warn { border-color: #f0c98a; background: var(--warn-soft); }
.lede { font-size: 15.5px; line-height: 1.6; background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; padding: 14px 18px; max-width: none; }
.notes { margin: 0 0 12px; padding-left: 18px; color: var(--muted); }
.chart-card { padding: 14px 16px; display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-start; }
.chart-card .caption { flex: 1 1 260px; color: var(--muted); font-size: 13px; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .axis { stroke: #9aa3b1; stroke-width: 1; }
svg.chart .tick, svg.chart .label { fill: var(--muted); font-size: 11px; }
svg.chart .value { fill: var(--fg); font-size: 11px; font-weight: 600; }
svg.chart .axis-title { fill: var(--muted); font-size: 12px; }
svg.chart .bar.accent rect { fill: var(--accent); }
svg.chart .bar.muted rect { fill: #b8c0cc; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; background: #fafbfc; white-space: nowrap; }
tbody th { font-weight: 500; color: var(--muted); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-card { padding: 4px 0; overflow-x: auto; }
.table-card table th:first-child, .table-card table td:first-child { padding-left: 14px; }
.scroll { overflow-x: auto; }
.chip { display: inline-block; border-radius: 999px; padding: 0 8px; font-size: 11.5px; line-height: 19px; border: 1px solid var(--line); background: #f1f3f6; color: var(--muted); margin: 2px 4px 2px 0; white-space: nowrap; }
.chip.guard { background: var(--warn-soft); border-color: #f0c98a; color: var(--warn); font-weight: 600; }
.chip.decision.match { background: var(--good-soft); border-color: #a8d8ba; color: var(--good); font-weight: 600; }
.chip.decision.review { background: var(--warn-soft); border-color: #f0c98a; color: var(--warn); font-weight: 600; }
.chip.decision.no_match { background: #f1f3f6; color: var(--muted); }
.chip.how-explicit { background: var(--accent-soft); border-color: #bcd0f5; color: var(--accent); }
.badge { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 4px; padding: 0 5px; margin-left: 6px; }
.badge.survivor { background: var(--good-soft); color: var(--good); }
.badge.idcol { background: var(--accent-soft); color: var(--accent); }
.columns2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 20px; align-items: start; }
.columns2 > section > h3 { margin-bottom: 2px; }
.columns2 > section > p { font-size: 13px; color: var(--muted); }
.empty-state { padding: 14px; color: var(--muted); font-style: italic; }
details > summary { cursor: pointer; }
details.cluster { margin: 0 0 14px; padding: 0; overflow: hidden; }
details.cluster > summary { padding: 10px 14px; background: #fafbfc; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.cluster-id { font-weight: 600; }
table.records { font-size: 13px; }
table.records th.rec, table.records th.golden { font-size: 12px; }
table.records th.rec.survivor { background: var(--good-soft); color: var(--good); }
table.records th.golden { background: var(--accent-soft); color: var(--accent); }
td.val { overflow-wrap: break-word; min-width: 80px; max-width: 280px; }
td.val.survivor { background: #f6fbf8; }
td.val.golden { background: #f4f8ff; font-weight: 600; }
td.val.diff { background: var(--diff); }
td.val.empty { color: var(--faint); }
tr.differs th { color: var(--fg); }
.diff-dot { color: #e0a400; font-size: 9px; margin-left: 5px; vertical-align: 2px; }
details.edges { padding: 8px 14px 12px; }
details.edges > summary { color: var(--accent); font-size: 13px; font-weight: 500; }
.edge { border-top: 1px dashed var(--line); padding: 10px 0 4px; margin-top: 8px; }
.edge-title, .pair-title { font-weight: 600; }
.headline { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; margin: 4px 0 6px; font-size: 13px; }
.headline .prob { font-weight: 700; font-size: 15px; font-variant-numeric: tabular-nums; }
table.evidence { font-size: 12.5px; }
table.evidence td, table.evidence th { padding: 3px 8px; }
table.evidence td.sim { color: var(--muted); }
.level { display: inline-block; font-size: 11.5px; padding: 0 6px; border-radius: 4px; background: var(--accent-soft); color: var(--accent); white-space: nowrap; }
.level.else { background: var(--bad-soft); color: var(--bad); }
.level.none { background: #f1f3f6; color: var(--faint); }
td.weight { white-space: nowrap; }
.wbar { display: inline-flex; width: 120px; height: 10px; vertical-align: -1px; margin-right: 6px; }
.wbar .half { flex: 1; display: flex; background: #f1f3f6; }
.wbar .half.l { justify-content: flex-end; border-right: 1px solid #9aa3b1; }
.wbar .fill { display: block; height: 100%; }
.wbar.pos .fill { background: var(--good); }
.wbar.neg .fill { background: var(--bad); }
.wnum { font-variant-numeric: tabular-nums; font-size: 12px; display: inline-block; min-width: 44px; text-align: right; }
.wnum.pos { color: var(--good); } .wnum.neg { color: var(--bad); } .wnum.zero { color: var(--faint); }
.pairs { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 14px; align-items: start; }
table.with-values .wbar { width: 80px; }
.pair { padding: 12px 14px; }
.model-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; margin-top: 12px; }
.model-grid .card { padding: 10px 14px; }
details.section > summary { font-size: 19px; font-weight: 600; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.timing-bar { display: inline-block; height: 9px; background: var(--accent); border-radius: 2px; vertical-align: 0; }
tr.total td, tr.total th { font-weight: 650; color: var(--fg); border-top: 2px solid var(--line); }
.toolbar { float: right; font-size: 12.5px; }
.toolbar button { font: inherit; background: var(--card); border: 1px solid var(--line); border-radius: 5px; padding: 2px 10px; cursor: pointer; color: var(--muted); }
footer { color: var(--faint); font-size: 12px; margin-top: 40px; border-top: 1px solid var(--line); padding-top: 10px; }
@media (max-width: 900px) { .columns2 { grid-template-columns: 1fr; } .pairs { grid-template-columns: 1fr; } }
@media print {
  body { background: #fff; font-size: 11.5px; }
  main, header.page .inner { max-width: none; padding: 0 4mm; }
  header.page { border: 0; }
  nav.toc, .toolbar { display: none; }
  .columns2, .pairs { grid-template-columns: 1fr; }
  .scroll, .table-card { overflow: visible; }
  .card, .edge, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .card, .lede { border-color: #ccc; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
