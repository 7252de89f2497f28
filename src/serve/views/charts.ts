/** Small inline SVG charts (no script, no library): they print, scale and read with a screen reader via <title>. */
import { html, type Html } from '../html.js';

const BAND_CLASS = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'];
export const bandClass = (i: number): string => BAND_CLASS[i] ?? 'b5';

/** Horizontal bars, one per item, with the value written after the bar. */
export function barChart(items: { label: string; value: number; cls?: string }[], title: string): Html {
  const max = Math.max(1, ...items.map((i) => i.value));
  const rowH = 28;
  const labelW = 130;
  const barW = 360;
  const h = items.length * rowH + 4;
  return html`<svg class="chart" role="img" viewBox="0 0 ${labelW + barW + 60} ${h}" width="${labelW + barW + 60}" height="${h}" aria-label="${title}">
<title>${title}</title>
${items.map((it, k) => {
  const y = k * rowH + 2;
  const w = Math.round((barW * it.value) / max);
  return html`<g><text x="${labelW - 8}" y="${y + 18}" text-anchor="end">${it.label}</text><rect class="${it.cls ?? 'b0'}" x="${labelW}" y="${y + 4}" width="${Math.max(w, it.value ? 2 : 0)}" height="${rowH - 8}"><title>${it.label}: ${it.value}</title></rect><text x="${labelW + w + 6}" y="${y + 18}">${it.value}</text></g>`;
})}
</svg>`;
}

/** One stacked bar per row (counts per band), as shares of the row's scored candidates. */
export function stackedBars(rows: { label: string; counts: number[] }[], bandNames: string[], title: string): Html {
  const rowH = 26;
  const labelW = 190;
  const barW = 380;
  const h = rows.length * rowH + 30;
  return html`<svg class="chart" role="img" viewBox="0 0 ${labelW + barW + 10} ${h}" width="${labelW + barW + 10}" height="${h}" aria-label="${title}">
<title>${title}</title>
${rows.map((r, k) => {
  const y = k * rowH + 2;
  const total = r.counts.reduce((a, b) => a + b, 0);
  let x = labelW;
  const segs = r.counts.map((c, i) => {
    const w = total ? (barW * c) / total : 0;
    const seg = html`<rect class="${bandClass(i)}" x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}"><title>${r.label} · ${bandNames[i]}: ${c}</title></rect>`;
    x += w;
    return seg;
  });
  return html`<g><text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${r.label.length > 26 ? r.label.slice(0, 25) + '…' : r.label}</text>${segs}${total ? '' : html`<text x="${labelW + 4}" y="${y + 17}" class="muted">–</text>`}</g>`;
})}
<g transform="translate(${labelW} ${rows.length * rowH + 8})">${bandNames.map((b, i) => html`<rect class="${bandClass(i)}" x="${i * 95}" y="4" width="12" height="12"/><text x="${i * 95 + 16}" y="15">${b}</text>`)}</g>
</svg>`;
}

/**
 * Item analysis of one mã đề: a bar per question for difficulty (share correct, 0..1) and a dot
 * for discrimination (point-biserial, −0.5..1); questions to check drawn in the warning colour.
 */
export function itemChart(items: { question: number; difficulty: number | null; discrimination: number | null; check: boolean }[], title: string, labels: { difficulty: string; discrimination: string }): Html {
  const n = items.length;
  const w = Math.max(6, Math.floor(760 / Math.max(n, 1)));
  const plotH = 160;
  const top = 10;
  const left = 34;
  const width = left + n * w + 10;
  const y = (v: number) => top + plotH - v * plotH; // 0..1
  const yd = (v: number) => top + plotH - ((Math.max(-0.5, Math.min(1, v)) + 0.5) / 1.5) * plotH;
  return html`<svg class="chart items" role="img" viewBox="0 0 ${width} ${plotH + 44}" width="${width}" height="${plotH + 44}" aria-label="${title}">
<title>${title}</title>
<line x1="${left}" x2="${width - 10}" y1="${y(0)}" y2="${y(0)}" class="axis"/>
<line x1="${left}" x2="${width - 10}" y1="${y(0.5)}" y2="${y(0.5)}" class="grid"/>
<line x1="${left}" x2="${width - 10}" y1="${y(1)}" y2="${y(1)}" class="grid"/>
<text x="${left - 4}" y="${y(1) + 4}" text-anchor="end">1</text><text x="${left - 4}" y="${y(0.5) + 4}" text-anchor="end">0,5</text><text x="${left - 4}" y="${y(0) + 4}" text-anchor="end">0</text>
${items.map((it, k) => {
  const x = left + k * w;
  const d = it.difficulty ?? 0;
  return html`<g><rect class="${it.check ? 'warn' : 'b0'}" x="${x + 1}" y="${y(d).toFixed(1)}" width="${w - 2}" height="${(plotH * d).toFixed(1)}"><title>${`Câu ${it.question}: ${labels.difficulty} ${it.difficulty === null ? '–' : it.difficulty.toFixed(2)}, ${labels.discrimination} ${it.discrimination === null ? '–' : it.discrimination.toFixed(2)}`}</title></rect>${it.discrimination === null ? '' : html`<circle class="dot" cx="${x + w / 2}" cy="${yd(it.discrimination).toFixed(1)}" r="2.2"/>`}${it.question % 10 === 0 || it.question === 1 ? html`<text x="${x + w / 2}" y="${plotH + top + 14}" text-anchor="middle">${it.question}</text>` : ''}</g>`;
})}
<g transform="translate(${left} ${plotH + top + 22})"><rect class="b0" x="0" y="2" width="12" height="10"/><text x="16" y="11">${labels.difficulty}</text><circle class="dot" cx="196" cy="7" r="3"/><text x="204" y="11">${labels.discrimination}</text><rect class="warn" x="400" y="2" width="12" height="10"/></g>
</svg>`;
}
