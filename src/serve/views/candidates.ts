/** Thí sinh: the list (search, filters) and one candidate's page, the page the council prints. */
import { STATUS_VI } from '../../export/tables.js';
import type { CandidateRow } from '../../grade/grade.js';
import { groupReason } from '../../i18n/scan.js';
import type { OverrideRow, UndoRow } from '../../workspace/overrides.js';
import { overrideWhat } from '../../workspace/overrides.js';
import type { PageRecord } from '../../workspace/results.js';
import { html, when, type Html } from '../html.js';
import { shell, type ViewCtx } from './layout.js';

/** The URL key of a row: its SBD, or p<page id> for a sheet whose SBD could not be read. */
export function rowKey(r: CandidateRow, pageIdOf: (source: string, page: number) => number | undefined): string {
  if (r.sbd) return r.sbd;
  const p = r.pages[0];
  const id = p ? pageIdOf(p.source, p.page) : undefined;
  return id !== undefined ? `p${id}` : `stt${r.stt}`;
}

export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export interface ListFilter {
  q: string;
  nhom: string;
  band: string;
  status: string;
}

function statusText(v: ViewCtx, r: CandidateRow): string {
  return v.t('desk.status', { status: r.status });
}

export function candidatesPage(v: ViewCtx, rows: CandidateRow[], f: ListFilter, bands: string[], keyOf: (r: CandidateRow) => string): string {
  const { t } = v;
  const sel = (name: string, cur: string, opts: { value: string; label: string }[]) =>
    html`<select id="${name}" name="${name}"><option value="">${t('desk.all')}</option>${opts.map((o) => html`<option value="${o.value}"${o.value === cur ? ' selected' : ''}>${o.label}</option>`)}</select>`;
  const body = html`<form method="get" action="/candidates" class="filters" role="search">
<label for="q">${t('desk.cand.search')}</label><input id="q" name="q" value="${f.q}" placeholder="${t('desk.cand.searchHint')}">
<label for="nhom">Nhóm</label>${sel('nhom', f.nhom, ['1', '2', '3'].map((n) => ({ value: n, label: `Nhóm ${n}` })))}
<label for="band">${t('desk.cand.band')}</label>${sel('band', f.band, bands.map((b) => ({ value: b, label: b })))}
<label for="status">${t('desk.cand.status')}</label>${sel(
    'status',
    f.status,
    ['scored', 'absent', 'no_key', 'key_unusable', 'conflict', 'needs'].map((s) => ({ value: s, label: s === 'needs' ? t('desk.cand.needs') : t('desk.status', { status: s }) })),
  )}
<button type="submit">${t('desk.cand.filter')}</button>
</form>
<p class="muted">${t('desk.cand.count', { n: rows.length })}</p>
<table class="list">
<thead><tr><th scope="col">STT</th><th scope="col">SBD</th><th scope="col">${t('desk.cand.name')}</th><th scope="col">${t('desk.cand.unit')}</th><th scope="col">Nhóm</th><th scope="col">${t('desk.col.made')}</th><th scope="col" class="n">${t('desk.cand.total')}</th><th scope="col">${t('desk.cand.band')}</th><th scope="col">${t('desk.cand.status')}</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr${r.needsPerson ? html` class="attn"` : ''}><td>${r.stt}</td><td><a href="/candidates/${keyOf(r)}">${r.sbd || '?'}</a></td><td>${r.candidate?.hoTen ?? ''}</td><td>${r.candidate?.donVi ?? ''}</td><td>${r.candidate?.nhom ?? ''}</td><td>${r.examCode ?? ''}</td><td class="n">${r.score?.total ?? ''}</td><td>${r.band ?? ''}</td><td>${statusText(v, r)}${r.needsPerson ? html` <span class="badge attn">${t('desk.cand.needs')}</span>` : ''}</td></tr>`,
)}
</tbody></table>`;
  return shell(v, { title: t('desk.nav.candidates'), active: 'candidates', body });
}

export interface CandidateView {
  /** The candidate's key in the URLs. */
  key: string;
  row: CandidateRow;
  pages: PageRecord[];
  overrides: OverrideRow[];
  undos: Map<number, UndoRow>;
  undone: OverrideRow[];
  options: string[];
}

export function candidatePage(v: ViewCtx, c: CandidateView): string {
  const { t, lang } = v;
  const r = c.row;
  const name = r.candidate?.hoTen ?? t('desk.cand.noName');
  const s = r.score;
  const qs = s?.questions ?? [];
  const answers = html`<table class="answers">
<caption>${t('desk.cand.answers', { made: r.examCode ?? '?' })}</caption>
<thead><tr><th scope="col">${t('desk.cand.q')}</th><th scope="col">${t('desk.cand.answer')}</th><th scope="col">${t('desk.cand.key')}</th><th scope="col">${t('desk.cand.result')}</th><th scope="col">${t('desk.cand.note')}</th></tr></thead>
<tbody>${qs.map(
    (q) => html`<tr class="${q.status}"><td>${q.question}</td><td>${q.answer === '' ? '–' : q.answer}</td><td>${q.key}</td><td>${STATUS_VI[q.status] && lang === 'vi' ? STATUS_VI[q.status] : t('desk.answerStatus', { status: q.status })}</td><td>${
      q.override
        ? t('desk.cand.overridden', { read: q.read.value === '' ? '–' : q.read.value, by: q.override.by ?? '', at: when(q.override.at) })
        : q.read.flagged
          ? groupReason(lang, q.read.reason)
          : ''
    }</td></tr>`,
  )}</tbody></table>`;
  const ovs: Html = c.overrides.length || c.undone.length
    ? html`<table class="list"><caption>${t('desk.cand.overrides')}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${t('desk.cand.what')}</th><th scope="col">${t('desk.cand.machine')}</th><th scope="col">${t('desk.cand.value')}</th><th scope="col">${t('desk.cand.by')}</th><th scope="col">${t('desk.cand.when')}</th><th scope="col">${t('desk.cand.why')}</th></tr></thead>
<tbody>${[...c.overrides, ...c.undone]
        .sort((a, b) => a.id - b.id)
        .map((o) => {
          const u = c.undos.get(o.id);
          return html`<tr${u ? html` class="undone"` : ''}><td>${o.id}</td><td>${overrideWhat(o)}</td><td>${o.read_value === '' ? '–' : (o.read_value ?? '')}</td><td>${o.value === '' ? '–' : o.value}</td><td>${o.by}</td><td>${when(o.at)}</td><td>${o.reason}${u ? html` <em>(${t('desk.cand.undone', { by: u.by, at: when(u.at) })})</em>` : ''}</td></tr>`;
        })}</tbody></table>`
    : html`<p class="muted">${t('desk.cand.noOverrides')}</p>`;
  const body = html`<div class="candidate">
<dl class="facts">
<dt>SBD</dt><dd>${r.sbd || '?'}</dd>
<dt>${t('desk.cand.name')}</dt><dd>${name}</dd>
${r.candidate ? html`<dt>${t('desk.cand.birth')}</dt><dd>${r.candidate.ngaySinh}</dd><dt>${t('desk.cand.unit')}</dt><dd>${r.candidate.donVi}</dd><dt>Nhóm</dt><dd>${r.candidate.nhom}</dd><dt>${t('desk.cand.post')}</dt><dd>${r.candidate.chucDanh}</dd>` : ''}
<dt>${t('desk.col.made')}</dt><dd>${r.examCode ?? '?'}</dd>
<dt>${t('desk.cand.status')}</dt><dd>${statusText(v, r)}</dd>
</dl>
${
  s
    ? html`<table class="score"><thead><tr>${s.parts.map((p) => html`<th scope="col">${p.title || `Phần ${p.number} (${p.from}-${p.to})`}</th>`)}<th scope="col">${t('desk.cand.total')}</th><th scope="col">${t('desk.cand.band')}</th></tr></thead>
<tbody><tr>${s.parts.map((p) => html`<td>${p.score} / ${p.max}</td>`)}<td><b>${s.total} / ${s.max}</b></td><td><b>${r.band ?? ''}</b></td></tr></tbody></table>`
    : html`<p class="attn">${t('desk.cand.notScored')}</p>`
}
${r.consequences.length ? html`<ul class="consequences">${r.consequences.map((x) => html`<li>${x}</li>`)}</ul>` : ''}
${r.notes.length ? html`<h2>${t('desk.cand.notes')}</h2><ul>${r.notes.map((x) => html`<li>${x}</li>`)}</ul>` : ''}
<h2>${t('desk.cand.sheet')}</h2>
${c.pages.length ? c.pages.map(
    (p) => html`<figure class="sheet"><a href="/page/${p.id}/image.jpg" target="_blank"><img src="/page/${p.id}/image.jpg" alt="${t('desk.cand.sheetAlt', { sbd: r.sbd })}" class="zoomable" tabindex="0"></a>
<figcaption>${t('desk.cand.file')}: <code>${p.source}</code> · ${t('desk.page', { n: p.page })}${p.serial ? ` · ${t('desk.review.sheet', { serial: p.serial })}` : ''}<br>SHA-256: <code class="sha">${p.fileSha256}</code><br>${t('desk.cand.readAt', { at: when(p.readAt) })}</figcaption></figure>`,
  ) : html`<p class="muted">${t('desk.cand.noSheet')}</p>`}
${ovs}
${answers}
<p class="noprint"><button type="button" data-act="print">${t('desk.cand.print')}</button>${c.pages.length ? html` · <a href="/candidates/${c.key}/ho-so.pdf">${t('desk.cand.evidence')}</a>` : ''}</p>
</div>`;
  return shell(v, { title: `${r.sbd || '?'} · ${name}`, active: 'candidates', body });
}
