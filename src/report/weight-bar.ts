import { formatWeight } from './format-number.js';
import { html, type SafeHtml } from './html-template.js';

/**
 * A small diverging bar for a match weight: green to the right for evidence of a match,
 * red to the left against, scaled to `scale` (the largest weight magnitude in the model).
 */
export function weightBar(weight: number, scale: number): SafeHtml {
  const magnitude = Number.isFinite(weight) ? Math.abs(weight) : scale;
  const pct = scale > 0 ? Math.min(100, Math.round((magnitude / scale) * 1000) / 10) : 0;
  const side = weight > 0 ? 'pos' : weight < 0 ? 'neg' : 'zero';
  return html`<span class="wbar ${side}" title="weight ${formatWeight(weight)}"
      ><span class="half l"
        >${side === 'neg' ? html`<span class="fill" style="width:${pct}%"></span>` : ''}</span
      ><span class="half r"
        >${side === 'pos' ? html`<span class="fill" style="width:${pct}%"></span>` : ''}</span
      ></span
    ><span class="wnum ${side}">${formatWeight(weight)}</span>`;
}
