import { formatNumber } from './format-number.js';
import { html, type SafeHtml } from './html-template.js';

export interface ChartBar {
  readonly label: string;
  readonly value: number;
  /** `muted` bars are drawn in grey (e.g. singletons next to duplicate clusters). */
  readonly tone?: 'accent' | 'muted';
  /** Tooltip text; defaults to "label: value". */
  readonly title?: string;
}

export interface BarChartOptions {
  /** Accessible name of the chart. */
  readonly title: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
  /** `auto` switches to a log scale when the largest bar dwarfs the smallest. */
  readonly scale?: 'linear' | 'log' | 'auto';
}

const SKEW_FOR_LOG = 30;

interface Scale {
  readonly log: boolean;
  readonly top: number;
  readonly ticks: readonly number[];
  /** Maps a value to 0..1 of the plot height. */
  at(value: number): number;
}

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function chooseScale(values: readonly number[], mode: 'linear' | 'log' | 'auto'): Scale {
  const max = Math.max(0, ...values);
  const positive = values.filter((v) => v > 0);
  const min = positive.length > 0 ? Math.min(...positive) : 0;
  const log = mode === 'log' || (mode === 'auto' && min > 0 && max / min >= SKEW_FOR_LOG);
  if (log) {
    const top = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(max, 1))));
    const ticks: number[] = [];
    for (let t = 1; t <= top; t *= 10) ticks.push(t);
    const denom = Math.log10(1 + top);
    return { log, top, ticks, at: (v) => Math.log10(1 + Math.max(0, v)) / denom };
  }
  const top = niceCeiling(max);
  const step = niceCeiling(top / 5);
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return { log, top, ticks, at: (v) => Math.max(0, v) / top };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Renders a vertical bar chart as standalone inline SVG (no scripts, no external assets). */
export function svgBarChart(bars: readonly ChartBar[], opts: BarChartOptions): SafeHtml {
  const width = opts.width ?? 640;
  const height = opts.height ?? 260;
  const margin = { top: 22, right: 12, bottom: opts.xLabel ? 44 : 28, left: opts.yLabel ? 64 : 48 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const scale = chooseScale(
    bars.map((b) => b.value),
    opts.scale ?? 'auto',
  );
  const slot = bars.length > 0 ? plotW / bars.length : plotW;
  const barW = Math.max(2, Math.min(56, slot * 0.72));
  const showValues = slot >= 22;
  const labelEvery = Math.max(1, Math.ceil(28 / slot));

  const grid = scale.ticks.map((t) => {
    const y = round(margin.top + plotH - scale.at(t) * plotH);
    return html`<line class="grid" x1="${margin.left}" x2="${margin.left + plotW}" y1="${y}" y2="${y}" /><text
        class="tick"
        x="${margin.left - 6}"
        y="${y + 4}"
        text-anchor="end"
        >${formatNumber(t)}</text
      >`;
  });

  const rects = bars.map((b, i) => {
    const h = round(scale.at(b.value) * plotH);
    const x = round(margin.left + slot * i + (slot - barW) / 2);
    const y = round(margin.top + plotH - h);
    const cx = round(x + barW / 2);
    const tip = b.title ?? `${b.label}: ${formatNumber(b.value)}`;
    return html`<g class="bar ${b.tone === 'muted' ? 'muted' : 'accent'}"
      ><title>${tip}</title
      ><rect x="${x}" y="${y}" width="${round(barW)}" height="${Math.max(h, b.value > 0 ? 1 : 0)}" rx="2" />${
        showValues && b.value > 0
          ? html`<text class="value" x="${cx}" y="${y - 5}" text-anchor="middle"
              >${formatNumber(b.value)}</text
            >`
          : ''
      }${
        i % labelEvery === 0
          ? html`<text class="label" x="${cx}" y="${margin.top + plotH + 16}" text-anchor="middle"
              >${b.label}</text
            >`
          : ''
      }</g
    >`;
  });

  const axisTitles = [
    opts.xLabel
      ? html`<text class="axis-title" x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle"
          >${opts.xLabel}</text
        >`
      : '',
    opts.yLabel
      ? html`<text
          class="axis-title"
          transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)"
          text-anchor="middle"
          >${opts.yLabel}${scale.log ? ' (log scale)' : ''}</text
        >`
      : '',
  ];

  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    class="chart"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
    role="img"
    aria-label="${opts.title}"
  >
    <title>${opts.title}</title>
    ${grid}
    <line
      class="axis"
      x1="${margin.left}"
      x2="${margin.left + plotW}"
      y1="${margin.top + plotH}"
      y2="${margin.top + plotH}"
    />
    ${rects}${axisTitles}
  </svg>`;
}
