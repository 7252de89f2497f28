/** Read-only pages: Tổng quan, Thí sinh, Kết quả, page pictures and crops, the export downloads. */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CandidateRow } from '../../grade/grade.js';
import { cachedCrop, cachedThumb, pageImage } from '../../workspace/crop-cache.js';
import { overrideTargets } from '../../workspace/conflicts.js';
import { listUndos, type OverrideRow } from '../../workspace/overrides.js';
import { exportWorkspace, statusOf } from '../../workspace/status.js';
import { html } from '../html.js';
import { councilReport } from '../../council/run.js';
import { renderDocx, renderPdf } from '../../documents/index.js';
import { buildEvidence } from '../../workspace/evidence.js';
import { versionKey, workspaceVersion } from '../cache.js';
import { notFound, sendHtml, viewOf, type DeskState } from '../server.js';
import { candidatePage, candidatesPage, fold, rowKey, type ListFilter } from '../views/candidates.js';
import { overviewLive, overviewPage } from '../views/overview.js';
import { DOWNLOADS, resultsPage } from '../views/results.js';
import { shell } from '../views/layout.js';

const PageParams = z.object({ id: z.string().regex(/^\d{1,12}$/) });
const CropParams = z.object({ id: z.string().regex(/^\d{1,12}$/), file: z.string().regex(/^(q\d{1,3}|sbd\.\d|made\.\d)\.jpg$/) });
const ListQuery = z.object({ q: z.string().max(100).default(''), nhom: z.string().max(2).default(''), band: z.string().max(40).default(''), status: z.string().max(20).default('') });

export function isLive(req: FastifyRequest): boolean {
  return (req.query as { live?: string }).live === '1';
}

function sendJpeg(reply: FastifyReply, file: string): FastifyReply {
  return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(createReadStream(file));
}

export function registerPages(app: FastifyInstance, state: DeskState): void {
  const { ws, cache, t } = state;

  // ---- Tổng quan
  app.get('/', async (req, reply) => {
    const res = cache.get();
    const live = overviewLive(viewOf(state, req), statusOf(ws, res), res, state.jobs.running);
    if (isLive(req)) return sendHtml(reply, live.s);
    return sendHtml(reply, overviewPage(viewOf(state, req), live));
  });

  // ---- pictures, by page id only
  const pageOf = (req: FastifyRequest) => {
    const p = PageParams.safeParse(req.params);
    return p.success ? cache.page(Number(p.data.id)) : undefined;
  };
  app.get('/page/:id', async (req, reply) => {
    const p = pageOf(req);
    if (!p) return notFound(state, req, reply, req.url);
    const res = cache.get();
    const row = res.grades.rows.find((r) => r.pages.some((x) => x.source === p.source && x.page === p.page));
    const v = viewOf(state, req);
    const body = html`<p>${p.source} · ${t('desk.page', { n: p.page })}${p.serial ? ` · ${t('desk.review.sheet', { serial: p.serial })}` : ''} · ${p.status}</p>
${row ? html`<p><a href="/candidates/${row.sbd ? row.sbd : `p${p.id}`}">${t('desk.page.candidate', { sbd: row.sbd || '?' })}</a></p>` : ''}
<p>SHA-256: <code class="sha">${p.fileSha256}</code></p>
<figure class="sheet"><img src="/page/${p.id}/image.jpg" alt="${t('desk.page.alt')}" class="zoomable" tabindex="0"></figure>`;
    return sendHtml(reply, shell(v, { title: t('desk.page.title', { n: p.id }), active: 'none', body }));
  });
  app.get('/page/:id/image.jpg', async (req, reply) => {
    const p = pageOf(req);
    const file = p ? await pageImage(ws, p) : null;
    if (!file) return notFound(state, req, reply, req.url);
    return sendJpeg(reply, file);
  });
  app.get('/page/:id/thumb.jpg', async (req, reply) => {
    const p = pageOf(req);
    const file = p ? await cachedThumb(ws, p) : null;
    if (!file) return notFound(state, req, reply, req.url);
    return sendJpeg(reply, file);
  });
  app.get('/crop/:id/:file', async (req, reply) => {
    const q = CropParams.safeParse(req.params);
    const p = q.success ? cache.page(Number(q.data.id)) : undefined;
    const file = p && q.success ? await cachedCrop(ws, p, q.data.file.replace(/\.jpg$/, ''), state.layout) : null;
    if (!file) return notFound(state, req, reply, req.url);
    return sendJpeg(reply, file);
  });

  // ---- Thí sinh
  const idOf = () => {
    const res = cache.get();
    const m = new Map(res.pages.map((p) => [`${p.source}\u0000${p.page}`, p.id]));
    return (source: string, page: number) => m.get(`${source}\u0000${page}`);
  };
  app.get('/candidates', async (req, reply) => {
    const f = ListQuery.safeParse(req.query);
    const filter: ListFilter = f.success ? f.data : { q: '', nhom: '', band: '', status: '' };
    const res = cache.get();
    const q = fold(filter.q.trim());
    const rows = res.grades.rows.filter((r) => {
      if (q && ![r.sbd, r.candidate?.hoTen ?? '', r.candidate?.donVi ?? '', r.examCode ?? ''].some((x) => fold(x).includes(q))) return false;
      if (filter.nhom && String(r.candidate?.nhom ?? '') !== filter.nhom) return false;
      if (filter.band && r.band !== filter.band) return false;
      if (filter.status === 'needs') return r.needsPerson;
      if (filter.status && r.status !== filter.status) return false;
      return true;
    });
    const pid = idOf();
    return sendHtml(reply, candidatesPage(viewOf(state, req), rows, filter, res.grades.bands.map((b) => b.name), (r) => rowKey(r, pid)));
  });
  // the complaint file of one sheet (the same function as omr complaint evidence)
  app.get('/candidates/:key/ho-so.pdf', async (req, reply) => {
    const key = (req.params as { key: string }).key;
    const res = cache.get();
    const pid = idOf();
    const row = /^(\d{1,12}|p\d{1,12})$/.test(key) ? res.grades.rows.find((r) => rowKey(r, pid) === key) : undefined;
    const page = row?.pages[0] ? res.pages.find((p) => p.source === row.pages[0].source && p.page === row.pages[0].page) : undefined;
    if (!row || !page) return notFound(state, req, reply, req.url);
    const ev = await buildEvidence(ws, page.serial ? { serial: page.serial } : { sbd: row.sbd });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="ho-so-${key}.pdf"`).header('cache-control', 'no-store').send(Buffer.from(ev.pdf));
  });
  app.get('/candidates/:key', async (req, reply) => {
    const key = (req.params as { key: string }).key;
    if (!/^(\d{1,12}|p\d{1,12}|stt\d{1,6})$/.test(key)) return notFound(state, req, reply, req.url);
    const res = cache.get();
    const pid = idOf();
    const row: CandidateRow | undefined = res.grades.rows.find((r) => rowKey(r, pid) === key);
    if (!row) return notFound(state, req, reply, t('desk.404.candidate', { key }));
    const pages = row.pages.map((x) => res.pages.find((p) => p.source === x.source && p.page === x.page)).filter((p) => p !== undefined);
    const undos = new Map(listUndos(ws).map((u) => [u.override_id, u]));
    let undone: OverrideRow[] = [];
    if (undos.size) {
      const ids = [...undos.keys()];
      undone = ws.db.prepare(`SELECT o.*, p.source AS source, p.page AS page_no FROM overrides o JOIN pages p ON p.id = o.page_id WHERE o.id IN (${ids.map(() => '?').join(',')})`).all(...ids) as OverrideRow[];
    }
    // an override applies to the page it was made on and to identical scans of it
    const targets = overrideTargets([...res.overrides, ...undone], res.pages);
    const mine = new Set(pages.map((p) => p.id));
    const applies = (o: OverrideRow) => (targets.get(o.id) ?? []).some((id) => mine.has(id));
    undone = undone.filter(applies);
    return sendHtml(reply, candidatePage(viewOf(state, req), { key, row, pages, overrides: res.overrides.filter(applies), undos, undone, options: res.template.answers.options }));
  });

  // ---- Kết quả
  let exported: { version: string; dir: string } | null = null;
  const exportDir = path.join(ws.dir, 'ket-qua');
  app.get('/results', async (req, reply) => {
    const res = cache.get();
    const docs = html`<h3>${t('desk.res.council')}</h3><ul class="downloads"><li><a href="/results/bao-cao-ket-qua.pdf">bao-cao-ket-qua.pdf</a> · <a href="/results/bao-cao-ket-qua.docx">bao-cao-ket-qua.docx</a> <small class="muted">${t('desk.res.report')}</small></li></ul>`;
    return sendHtml(reply, resultsPage(viewOf(state, req), res.grades, { openFlags: res.openFlags.length, extraLinks: docs }));
  });
  // the council's report (the same function as omr report), made when asked
  app.get('/results/bao-cao-ket-qua.:ext', async (req, reply) => {
    const ext = (req.params as { ext: string }).ext;
    if (ext !== 'pdf' && ext !== 'docx') return notFound(state, req, reply, req.url);
    const { report } = councilReport(ws, cache.get());
    const bytes = ext === 'pdf' ? await renderPdf(report.doc) : await renderDocx(report.doc);
    const type = ext === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return reply.type(type).header('content-disposition', `attachment; filename="bao-cao-ket-qua.${ext}"`).header('cache-control', 'no-store').send(Buffer.from(bytes));
  });
  app.get('/results/download/:file', async (req, reply) => {
    const file = (req.params as { file: string }).file;
    if (!DOWNLOADS.includes(file)) return notFound(state, req, reply, req.url);
    const version = versionKey(workspaceVersion(ws));
    if (!exported || exported.version !== version || !existsSync(path.join(exported.dir, file))) {
      await exportWorkspace(ws, exportDir); // the same function as omr export
      exported = { version, dir: exportDir };
    }
    const type = file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return reply.type(type).header('content-disposition', `attachment; filename="${file}"`).header('cache-control', 'no-store').send(createReadStream(path.join(exportDir, file)));
  });
}
