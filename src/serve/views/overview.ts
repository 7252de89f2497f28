/** Tổng quan: the exam at a glance; the part in #live is refreshed when the workspace changes. */
import { issueText } from '../../errors.js';
import type { WorkspaceResults } from '../../workspace/results.js';
import type { WorkspaceStatus } from '../../workspace/status.js';
import { html, num, when, type Html } from '../html.js';
import type { ScanJob } from '../jobs.js';
import { barChart, bandClass } from './charts.js';
import { shell, type ViewCtx } from './layout.js';

function card(label: string, value: Html | string, href?: string, cls = ''): Html {
  const inner = html`<span class="k">${label}</span><span class="v">${value}</span>`;
  return href ? html`<a class="card ${cls}" href="${href}">${inner}</a>` : html`<div class="card ${cls}">${inner}</div>`;
}

export function jobProgress(v: ViewCtx, job: ScanJob | undefined): Html {
  if (!job) return html``;
  const { t } = v;
  const pages = job.rows.filter((r) => r.stored !== 'refused').length;
  const filesDone = new Set(job.rows.map((r) => r.source)).size;
  return html`<div class="job" role="status">
  <label>${t('desk.scan.running', { pages, files: job.files.length })}
  <progress max="${Math.max(job.files.length, 1)}" value="${Math.min(filesDone, job.files.length)}"></progress></label>
</div>`;
}

export function overviewLive(v: ViewCtx, s: WorkspaceStatus, res: WorkspaceResults, running: ScanJob | undefined): Html {
  const { t, lang } = v;
  const expected = s.roster ? s.candidates.roster : s.printed.sheets;
  const conflicts = res.issues.filter((i) => i.needsPerson && ['conflict_sbd', 'conflict_serial', 'manifest_mismatch', 'not_printed', 'other_exam'].includes(i.kind));
  const bandItems = s.bands.map((b, i) => ({ label: b.name, value: b.count, cls: bandClass(i) }));
  return html`<section id="live" aria-live="polite">
${jobProgress(v, running)}
<div class="cards">
  ${card(t('desk.ov.scanned'), expected ? html`${num(s.pages.ok, lang)} <small>/ ${num(expected, lang)}</small>` : num(s.pages.ok, lang), '/scan')}
  ${card(t('desk.ov.flags'), num(s.flagsOpen.total, lang), '/review', s.flagsOpen.total ? 'attn' : 'ok')}
  ${card(t('desk.ov.conflicts'), num(s.conflicts, lang), '/review/conflicts', s.conflicts ? 'attn' : 'ok')}
  ${card(t('desk.ov.absent'), num(s.missingCandidates, lang), '/candidates?status=absent')}
  ${card(t('desk.ov.unreadable'), num(s.pages.error, lang), '/scan', s.pages.error ? 'attn' : '')}
  ${card(t('desk.ov.lastRun'), s.scans.last ? when(s.scans.last) : t('desk.none'), '/scan')}
</div>
<div class="cols">
<section>
  <h2>${t('desk.ov.bands')}</h2>
  ${s.candidates.scored ? barChart(bandItems, t('desk.ov.bands')) : html`<p class="muted">${t('desk.ov.noScores')}</p>`}
  <p class="muted">${t('desk.ov.candidates', { scored: s.candidates.scored, unscored: s.candidates.unscored, unknown: s.candidates.unknownSbd })}</p>
</section>
<section>
  <h2>${t('desk.ov.needs')}</h2>
  <ul class="plain">
    <li>${t('desk.ov.flagLine', { answers: s.flagsOpen.answers, identity: s.flagsOpen.identity, sheets: s.flagsOpen.sheets })}</li>
    ${conflicts.slice(0, 8).map((c) => html`<li class="attn">${issueText(c, lang)}</li>`)}
    ${conflicts.length > 8 ? html`<li><a href="/review/conflicts">${t('desk.more', { n: conflicts.length - 8 })}</a></li>` : ''}
    ${s.keyProblems.length ? html`<li class="attn">${t('desk.ov.keyProblems', { n: s.keyProblems.length })}</li>` : ''}
    ${s.keys.length === 0 ? html`<li class="attn">${t('desk.ov.noKeys')}</li>` : ''}
    ${s.changedFiles.map((f) => html`<li class="attn">${t('desk.ov.changedFile', { name: f.name })}</li>`)}
    ${!s.needsPerson ? html`<li class="ok">${t('desk.ov.allDone')}</li>` : ''}
  </ul>
  <p class="muted">${t('desk.ov.overrides', { total: s.overrides.total, sheets: s.overrides.sheets })}</p>
</section>
</div>
</section>`;
}

export function overviewPage(v: ViewCtx, live: Html): string {
  return shell(v, { title: v.t('desk.nav.overview'), active: 'overview', live: true, body: live });
}
