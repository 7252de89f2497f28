/** Xem lại: one flagged item at a time, decided with the keyboard; conflicts side by side. */
import { issueText } from '../../errors.js';
import { groupReason } from '../../i18n/scan.js';
import { MAX_FIT_RESIDUAL_MM } from '../../scan/fit-limits.js';
import type { QueueItem } from '../../workspace/queue.js';
import type { PageRecord, WorkspaceIssue } from '../../workspace/results.js';
import { html, type Html } from '../html.js';
import { csrfField, shell, type ViewCtx } from './layout.js';

export const REASON_PRESETS = ['desk.reason.looked', 'desk.reason.light', 'desk.reason.erased', 'desk.reason.double', 'desk.reason.original'] as const;

export function nameForm(v: ViewCtx, next = '/review'): string {
  const { t } = v;
  return shell(v, {
    title: t('desk.nav.review'),
    active: 'review',
    body: html`<form method="post" action="/review/name" class="box">
${csrfField(v)}<input type="hidden" name="next" value="${next}">
<p>${t('desk.review.whoText')}</p>
<label for="name">${t('desk.review.who')}</label>
<input id="name" name="name" required maxlength="80" autocomplete="name" autofocus>
<button type="submit">${t('desk.review.start')}</button>
</form>`,
  });
}

function fills(item: QueueItem, options: string[]): Html {
  if (!item.fill) return html``;
  const w = 60;
  return html`<div class="fills" aria-label="fills">${item.fill.map(
    (f, i) => html`<span class="fill"><b>${options[i] ?? i}</b><svg width="${w}" height="10" aria-hidden="true"><rect class="track" width="${w}" height="10"/><rect class="bar" width="${Math.round(w * Math.min(1, Math.max(0, f)))}" height="10"/></svg><span>${f.toFixed(2)}</span></span>`,
  )}</div>`;
}

export function itemHtml(v: ViewCtx, item: QueueItem | null, pos: { index: number; total: number; heldByOthers: number }, options: string[]): Html {
  const { t, lang } = v;
  if (!item) {
    return html`<section id="item" data-key="">
<p class="lead ok">${pos.total ? t('desk.review.allHeld', { n: pos.heldByOthers }) : t('desk.review.empty')}</p>
<p><a href="/review/conflicts">${t('desk.review.conflictsLink')}</a> · <a href="/">${t('desk.backHome')}</a></p>
</section>`;
  }
  const what = item.field === 'answer' ? t('desk.review.question', { n: item.question! }) : item.field === 'sbd' ? 'SBD' : t('desk.review.made');
  const reasons = [...new Set(item.reasons)].map((r) => groupReason(lang, r)).join(', ');
  const where = item.serial ? t('desk.review.sheet', { serial: item.serial }) : `${item.source.split(/[\\/]/).pop()} · ${t('desk.page', { n: item.page })}`;
  const digits = item.field === 'sbd' ? 6 : 3;
  return html`<section id="item" data-key="${item.key}" data-field="${item.field}" data-read="${item.read}">
<p class="pos">${t('desk.review.pos', { i: pos.index + 1, n: pos.total })}${pos.heldByOthers ? ` · ${t('desk.review.held', { n: pos.heldByOthers })}` : ''}</p>
<h2>${what} <small>· ${where}${item.sbd ? ` · SBD ${item.sbd}` : ''}${item.examCode ? ` · ${t('desk.review.made')} ${item.examCode}` : ''}</small></h2>
<figure class="crop"><img src="/crop/${item.pageId}/${item.cropGroup}.jpg" alt="${t('desk.review.cropAlt', { what })}"><figcaption><a href="/page/${item.pageId}" target="_blank">${t('desk.review.wholeSheet')}</a>${item.fitMm === null ? '' : html` · <span class="fit${item.fitMm > MAX_FIT_RESIDUAL_MM ? ' bad' : ''}">${t('desk.review.fit', { mm: item.fitMm, bad: item.fitMm > MAX_FIT_RESIDUAL_MM })}</span>`}</figcaption></figure>
<p class="read">${t('desk.review.read')}: <b class="val">${item.read === '' ? t('desk.blank') : item.read}</b> · ${t('desk.review.why')}: ${reasons}${item.columns.length && item.field !== 'answer' ? ` (${t('desk.review.columns', { list: item.columns.map((c) => c + 1).join(', ') })})` : ''}</p>
${fills(item, options)}
${
  item.field === 'answer'
    ? html`<div class="choices" role="group" aria-label="${t('desk.review.choose')}">
${options.map((o) => html`<button type="button" data-act="value" data-value="${o}" ${v.readOnly ? 'disabled' : ''}><kbd>${o}</kbd></button>`)}
<button type="button" data-act="value" data-value="" ${v.readOnly ? 'disabled' : ''}><kbd>0</kbd> ${t('desk.blank')}</button>
<button type="button" data-act="keep" ${v.readOnly ? 'disabled' : ''}><kbd>Enter</kbd> ${t('desk.review.keep')}</button>
</div>`
    : html`<form class="digits" data-act="digits"><label for="digits">${t('desk.review.typeNumber', { what, digits })}</label>
<input id="digits" name="digits" inputmode="numeric" autocomplete="off" pattern="[0-9]{${digits}}" maxlength="${digits}" value="${/^\d+$/.test(item.read) ? item.read : ''}" ${v.readOnly ? 'disabled' : ''}>
<button type="submit" ${v.readOnly ? 'disabled' : ''}><kbd>Enter</kbd> ${t('desk.review.save')}</button></form>`
}
</section>`;
}

export function reviewPage(v: ViewCtx, item: Html, last: string | null): string {
  const { t } = v;
  return shell(v, {
    title: t('desk.nav.review'),
    active: 'review',
    body: html`<div class="review" id="review">
${item}
<div class="side">
<fieldset class="reason"><legend>${t('desk.review.reason')}</legend>
<label for="reason" class="sr">${t('desk.review.reason')}</label>
<select id="reason">${REASON_PRESETS.map((k, i) => html`<option${i === 0 ? ' selected' : ''}>${t(k)}</option>`)}<option value="">${t('desk.reason.other')}</option></select>
<label for="reason-other">${t('desk.reason.otherText')}</label>
<input id="reason-other" maxlength="200" autocomplete="off">
</fieldset>
<div class="nav-keys" role="group" aria-label="${t('desk.review.move')}">
<button type="button" data-act="prev"><kbd>←</kbd> ${t('desk.review.prev')}</button>
<button type="button" data-act="next"><kbd>→</kbd> ${t('desk.review.next')}</button>
<button type="button" data-act="undo" ${v.readOnly ? 'disabled' : ''}><kbd>⌫</kbd> ${t('desk.review.undo')}</button>
</div>
<p id="msg" role="status" aria-live="polite">${last ?? ''}</p>
<details class="help"><summary>${t('desk.review.keysTitle')}</summary><p>${t('desk.review.keysHelp')}</p></details>
<p><a href="/review/conflicts">${t('desk.review.conflictsLink')}</a></p>
</div>
</div>`,
  });
}

/** Xung đột: each conflict with its pages side by side, and the SBD correction on each page. */
export function conflictsPage(v: ViewCtx, list: { issue: WorkspaceIssue; pages: PageRecord[] }[], resolveAvailable: boolean): string {
  const { t, lang } = v;
  const body = list.length
    ? html`${list.map(
        ({ issue, pages }, k) => html`<section class="conflict" aria-labelledby="c${k}">
<h2 id="c${k}">${issueText(issue, lang)}</h2>
<div class="side-by-side">
${pages.map(
  (p) => html`<figure><a href="/page/${p.id}" target="_blank"><img src="/page/${p.id}/image.jpg" alt="${t('desk.conflict.pageAlt', { name: p.source.split(/[\\/]/).pop() ?? p.source, n: p.page })}" loading="lazy"></a>
<figcaption>${p.source.split(/[\\/]/).pop()} · ${t('desk.page', { n: p.page })}${p.serial ? ` · ${t('desk.review.sheet', { serial: p.serial })}` : ''} · SBD ${p.result.candidateNumber ?? '?'} · ${t('desk.review.made')} ${p.result.examCode ?? '?'}</figcaption>
${
  v.readOnly
    ? ''
    : html`<form method="post" action="/review/conflicts/sbd" class="inline">${csrfField(v)}<input type="hidden" name="pageId" value="${p.id}">
<label>${t('desk.conflict.sbd')} <input name="value" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required></label>
<label>${t('desk.review.reason')} <input name="reason" required maxlength="200"></label>
<button type="submit">${t('desk.review.save')}</button></form>
${
  resolveAvailable
    ? html`<form method="post" action="/review/conflicts/resolve" class="inline">${csrfField(v)}<input type="hidden" name="pageId" value="${p.id}">
<label>${t('desk.review.reason')} <input name="reason" required maxlength="200"></label>
<button type="submit" name="decision" value="keep">${t('desk.conflict.keep')}</button>
<button type="submit" name="decision" value="exclude">${t('desk.conflict.exclude')}</button></form>`
    : ''
}`
}
</figure>`,
)}
</div></section>`,
      )}`
    : html`<p class="lead ok">${t('desk.conflict.none')}</p>`;
  return shell(v, { title: t('desk.conflict.title'), active: 'review', body });
}
