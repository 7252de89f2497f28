/** Quét: upload scans or watch the scanner's folder; one row per page as it is read. */
import { groupName, groupReason, pageFlag, scanReason } from '../../i18n/scan.js';
import { html, type Html } from '../html.js';
import type { ScanJob, ScanRow } from '../jobs.js';
import { jobProgress } from './overview.js';
import { csrfField, shell, type ViewCtx } from './layout.js';

function needs(v: ViewCtx, r: ScanRow): Html {
  const { t, lang } = v;
  if (r.status !== 'ok') return html`<span class="attn">${r.status === 'error' ? t('desk.scan.error') : t('desk.scan.notSheet')}: ${scanReason(lang, r.reason ?? '')}</span>`;
  const parts = [
    ...r.pageFlags.map((f) => pageFlag(lang, f)),
    ...r.flagged.slice(0, 4).map((g) => `${groupName(lang, g.key)} ${groupReason(lang, g.reason)}`),
    ...(r.flagged.length > 4 ? [t('desk.more', { n: r.flagged.length - 4 })] : []),
  ];
  return parts.length ? html`<span class="attn">${parts.join(', ')}</span>` : html`<span class="ok">${t('desk.scan.fine')}</span>`;
}

function storedText(v: ViewCtx, r: ScanRow): string {
  return v.t('desk.scan.stored', { stored: r.stored });
}

export function scanRows(v: ViewCtx, job: ScanJob): Html {
  const { t } = v;
  return html`<table class="list rows">
<caption>${t('desk.scan.job', { id: job.id, origin: job.origin, state: job.state, files: job.files.length })}${job.error ? html` <span class="attn">${job.error}</span>` : ''}</caption>
<thead><tr><th scope="col">${t('desk.scan.thumb')}</th><th scope="col">${t('desk.cand.file')}</th><th scope="col">${t('desk.scan.serial')}</th><th scope="col">SBD</th><th scope="col">${t('desk.col.made')}</th><th scope="col">${t('desk.scan.needs')}</th><th scope="col">${t('desk.scan.storedCol')}</th></tr></thead>
<tbody>${job.rows.map(
    (r) => html`<tr class="st-${r.status}"><td>${r.pageId !== null && r.status === 'ok' ? html`<a href="/page/${r.pageId}"><img class="thumb" src="/page/${r.pageId}/thumb.jpg" alt="${t('desk.scan.thumbAlt', { name: r.name, n: r.page })}" width="80"></a>` : ''}</td><td>${r.name}${r.page > 1 || r.status === 'ok' ? ` · ${t('desk.page', { n: r.page })}` : ''}</td><td>${r.serial ?? ''}</td><td>${r.sbd ?? ''}</td><td>${r.made ?? ''}</td><td>${needs(v, r)}</td><td>${storedText(v, r)}</td></tr>`,
  )}</tbody></table>`;
}

export function scanLive(v: ViewCtx, jobs: ScanJob[], watching: string | null): Html {
  const { t } = v;
  const running = jobs.find((j) => j.state === 'running');
  return html`<section id="live" aria-live="polite">
${watching ? html`<p class="badge ok">${t('desk.scan.watching', { folder: watching })}</p>` : ''}
${jobProgress(v, running)}
${jobs.length ? jobs.slice(0, 5).map((j) => scanRows(v, j)) : html`<p class="muted">${t('desk.scan.noJobs')}</p>`}
</section>`;
}

export function scanPage(v: ViewCtx, live: Html, o: { maxMb: number; watching: string | null }): string {
  const { t } = v;
  const forms = v.readOnly
    ? html`<p class="muted">${t('desk.readOnlyText')}</p>`
    : html`<form id="upload" method="post" action="/scan/upload" enctype="multipart/form-data" class="box drop">
${csrfField(v)}
<label for="files">${t('desk.scan.choose', { mb: o.maxMb })}</label>
<input id="files" name="files" type="file" multiple accept=".jpg,.jpeg,.png,.tif,.tiff,.pdf,image/jpeg,image/png,image/tiff,application/pdf">
<button type="submit">${t('desk.scan.upload')}</button>
<progress id="upload-progress" max="100" value="0" hidden></progress>
<p id="upload-msg" role="status" aria-live="polite"></p>
</form>
<form method="post" action="/scan/watch" class="box">
${csrfField(v)}
<label for="folder">${t('desk.scan.folder')}</label>
<input id="folder" name="folder" value="${o.watching ?? ''}" placeholder="${t('desk.scan.folderHint')}">
<button type="submit" name="action" value="start">${t('desk.scan.watch')}</button>
${o.watching ? html`<button type="submit" name="action" value="stop">${t('desk.scan.unwatch')}</button>` : ''}
</form>`;
  return shell(v, { title: t('desk.nav.scan'), active: 'scan', live: true, body: html`<div class="cols">${forms}</div>${live}` });
}
