/** Kết quả: the exports as downloads, bands by Nhóm and by đơn vị, item analysis. */
import { itemRemarks, tongHopTable } from '../../export/tables.js';
import { EXPORT_FILES, WORKBOOK_FILE } from '../../export/write.js';
import type { ExamGrades } from '../../grade/grade.js';
import { html, type Html } from '../html.js';
import { itemChart, stackedBars } from './charts.js';
import { shell, type ViewCtx } from './layout.js';

export const DOWNLOADS = [...EXPORT_FILES, WORKBOOK_FILE] as string[];

export function resultsPage(v: ViewCtx, g: ExamGrades, o: { openFlags: number; extraLinks: Html }): string {
  const { t } = v;
  const bandNames = g.bands.map((b) => b.name);
  const th = tongHopTable(g);
  const byScope = (scope: string) =>
    th.rows
      .filter((r) => r[0] === scope)
      .map((r) => ({ label: String(r[1]), counts: bandNames.map((_, i) => Number(r[6 + 2 * i] ?? 0)) }));
  const nhom = byScope('Nhóm');
  const donVi = byScope('Đơn vị');
  const downloads = html`<ul class="downloads">${DOWNLOADS.map((f) => html`<li><a href="/results/download/${f}" download="${f}">${f}</a> <small class="muted">${t(`desk.res.file`, { file: f })}</small></li>`)}</ul>
${o.openFlags ? html`<p class="attn">${t('desk.res.openFlags', { n: o.openFlags })} <a href="/review">${t('desk.nav.review')}</a></p>` : ''}
${o.extraLinks}`;
  const analysis = g.analysis.map((a) => {
    const items = a.items.map((it) => ({ question: it.question, difficulty: it.difficulty, discrimination: it.pointBiserial, remark: itemRemarks(it.difficulty, it.pointBiserial) }));
    const check = items.filter((i) => i.remark);
    return html`<section class="analysis"><h3>${t('desk.col.made')} ${a.examCode} <small>(${t('desk.res.sheets', { n: a.n })}, KR-20 ${a.kr20 === null ? '–' : a.kr20.toFixed(2)})</small></h3>
${itemChart(
  items.map((i) => ({ ...i, check: Boolean(i.remark) })),
  t('desk.res.itemChart', { made: a.examCode }),
  { difficulty: t('desk.res.difficulty'), discrimination: t('desk.res.discrimination') },
)}
<table class="list items"><caption>${t('desk.res.itemTable', { n: check.length })}</caption>
<thead><tr><th scope="col">${t('desk.cand.q')}</th><th scope="col">${t('desk.cand.key')}</th><th scope="col" class="n">${t('desk.res.difficulty')}</th><th scope="col" class="n">${t('desk.res.discrimination')}</th><th scope="col">${t('desk.res.remark')}</th></tr></thead>
<tbody>${a.items.map((it) => {
      const remark = itemRemarks(it.difficulty, it.pointBiserial);
      return html`<tr${remark ? html` class="attn"` : ''}><td>${it.question}</td><td>${it.key}</td><td class="n">${it.difficulty === null ? '–' : it.difficulty.toFixed(2)}</td><td class="n">${it.pointBiserial === null ? '–' : it.pointBiserial.toFixed(2)}</td><td>${remark}</td></tr>`;
    })}</tbody></table></section>`;
  });
  const body = html`<section><h2>${t('desk.res.downloads')}</h2>${downloads}</section>
<section><h2>${t('desk.res.byNhom')}</h2>${nhom.length ? stackedBars(nhom, bandNames, t('desk.res.byNhom')) : html`<p class="muted">${t('desk.res.noRoster')}</p>`}</section>
<section><h2>${t('desk.res.byDonVi')}</h2>${donVi.length ? stackedBars(donVi, bandNames, t('desk.res.byDonVi')) : html`<p class="muted">${t('desk.res.noRoster')}</p>`}
${th.rows.length ? html`<details><summary>${t('desk.res.table')}</summary><table class="list"><thead><tr>${th.headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${th.rows.map((r) => html`<tr>${r.map((c) => html`<td>${c ?? ''}</td>`)}</tr>`)}</tbody></table></details>` : ''}</section>
<section><h2>${t('desk.res.analysis')}</h2>${analysis.length ? analysis : html`<p class="muted">${t('desk.ov.noScores')}</p>`}</section>`;
  return shell(v, { title: t('desk.nav.results'), active: 'results', body });
}
