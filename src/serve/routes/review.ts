/**
 * Xem lại. The page asks the reviewer's name once per browser session, then shows one item at a
 * time. Keys post to /review/act; the answer is the next item's HTML. Every decision is an
 * override (queue.ts → addOverride), Backspace takes this session's last one back (undoOverride).
 * Items are held per session in the database (claims.ts) so two reviewers never get the same one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOmrError } from '../../errors.js';
import { claimItem, claimNext, heldByOthers, releaseClaims } from '../../workspace/claims.js';
import { cachedCrop } from '../../workspace/crop-cache.js';
import { resolveConflict } from '../../workspace/conflicts.js';
import { addOverride, undoOverride } from '../../workspace/overrides.js';
import { decideItem, type Decision, type QueueItem } from '../../workspace/queue.js';
import { errorText, sendHtml, viewOf, type DeskState } from '../server.js';
import { conflictsPage, itemHtml, nameForm, reviewPage } from '../views/review.js';

const Act = z.object({
  action: z.enum(['show', 'value', 'keep', 'digits', 'next', 'prev', 'undo']),
  item: z.string().max(40).default(''),
  value: z.string().max(12).optional(),
  reason: z.string().max(200).optional(),
});

const NameBody = z.object({ name: z.string().trim().min(1).max(80), next: z.string().max(200).optional() });
const ResolveBody = z.object({ pageId: z.coerce.number().int().positive(), decision: z.enum(['keep', 'exclude']), reason: z.string().trim().max(200) });
const SbdBody = z.object({ pageId: z.coerce.number().int().positive(), value: z.string().trim().max(12), reason: z.string().trim().max(200) });

const CONFLICT_KINDS = new Set(['conflict_sbd', 'conflict_serial', 'manifest_mismatch', 'not_printed', 'other_exam', 'unknown_sbd', 'no_sbd']);

export function registerReview(app: FastifyInstance, state: DeskState): void {
  const { ws, cache, t } = state;

  /** Warm the crops of the next few items (made once, kept on disk) while the reviewer looks. */
  const warm = (items: QueueItem[], from: number): void => {
    const next = items.slice(from, from + 6);
    void (async () => {
      try {
        for (const it of next) {
          if (!ws.db.open) return; // the desk was closed
          const p = cache.page(it.pageId);
          if (p) await cachedCrop(ws, p, it.cropGroup, state.layout);
        }
      } catch {
        /* a crop that cannot be made is reported when it is asked for */
      }
    })();
  };

  const render = (req: FastifyRequest, item: QueueItem | null, items: QueueItem[]) => {
    const held = heldByOthers(ws, req.session.id);
    const index = item ? items.findIndex((i) => i.key === item.key) : -1;
    req.session.current = item?.key ?? null;
    if (item) warm(items, index + 1);
    return itemHtml(viewOf(state, req), item, { index, total: items.length, heldByOthers: items.filter((i) => held.has(i.key)).length }, state.template.answers.options);
  };

  app.get('/review', async (req, reply) => {
    if (!req.session.reviewer && !state.readOnly) return sendHtml(reply, nameForm(viewOf(state, req)));
    const items = cache.queue();
    const start = Math.max(0, items.findIndex((i) => i.key === req.session.current));
    const item = state.readOnly ? (items[start] ?? null) : claimNext(ws, req.session.id, req.session.reviewer, items, { start });
    return sendHtml(reply, reviewPage(viewOf(state, req), render(req, item, items), null));
  });

  app.post('/review/name', async (req, reply) => {
    const b = NameBody.safeParse(req.body);
    if (!b.success) return sendHtml(reply, nameForm(viewOf(state, req)), 400);
    req.session.reviewer = b.data.name.normalize('NFC');
    const next = b.data.next && /^\/review(\/conflicts)?$/.test(b.data.next) ? b.data.next : '/review';
    return reply.redirect(next, 303);
  });

  app.post('/review/act', async (req, reply) => {
    const b = Act.safeParse(req.body);
    if (!b.success) return reply.code(400).send({ error: t('desk.badRequest') });
    const s = req.session;
    if (!s.reviewer) return reply.code(409).send({ error: t('desk.review.whoFirst'), reload: true });
    const a = b.data;
    let items = cache.queue();
    let idx = items.findIndex((i) => i.key === a.item);
    let message: string | null = null;
    let start = Math.max(0, idx);
    let direction: 1 | -1 = 1;
    try {
      if (a.action === 'value' || a.action === 'keep' || a.action === 'digits') {
        const item = items[idx];
        if (!item) message = t('desk.review.gone');
        else {
          const d: Decision = a.action === 'keep' ? { keep: true } : { value: a.value ?? '' };
          const r = decideItem(ws, item, d, { by: s.reviewer, reason: a.reason ?? '' }, state.template);
          s.undo.push({ overrideId: r.row.id, item: item.key });
          if (s.undo.length > 200) s.undo.shift();
          message = t('desk.review.saved', { what: item.field === 'answer' ? t('desk.review.question', { n: item.question! }) : item.field === 'sbd' ? 'SBD' : t('desk.review.made'), value: r.row.value === '' ? t('desk.blank') : r.row.value });
          items = cache.queue();
          start = Math.max(0, Math.min(idx, items.length - 1));
        }
      } else if (a.action === 'next') start = idx + 1;
      else if (a.action === 'prev') {
        start = idx < 0 ? items.length - 1 : idx - 1;
        direction = -1;
      } else if (a.action === 'undo') {
        const last = s.undo.pop();
        if (!last) message = t('desk.review.nothingToUndo');
        else {
          undoOverride(ws, last.overrideId, s.reviewer);
          items = cache.queue();
          if (claimItem(ws, s.id, s.reviewer, last.item)) {
            const item = items.find((i) => i.key === last.item) ?? null;
            return reply.send({ html: render(req, item, items).s, key: item?.key ?? '', message: t('desk.review.undone') });
          }
          message = t('desk.review.undoneHeld');
          start = Math.max(0, items.findIndex((i) => i.key === last.item));
        }
      }
    } catch (e) {
      if (!isOmrError(e)) throw e;
      return reply.code(400).send({ error: errorText(e, state.lang) });
    }
    const item = claimNext(ws, s.id, s.reviewer, items, { start, direction });
    cache.refreshSoon();
    return reply.send({ html: render(req, item, items).s, key: item?.key ?? '', message });
  });

  app.post('/review/leave', async (req, reply) => {
    releaseClaims(ws, req.session.id);
    return reply.send({ ok: true });
  });

  // ---- conflicts: pages side by side, the SBD corrected on the page that is wrong
  const conflictList = () => {
    const res = cache.get();
    return res.issues
      .filter((i) => i.needsPerson && CONFLICT_KINDS.has(i.kind))
      .map((issue) => ({ issue, pages: issue.pages.map((x) => res.pages.find((p) => p.source === x.source && p.page === x.page)).filter((p) => p !== undefined) }));
  };
  app.get('/review/conflicts', async (req, reply) => sendHtml(reply, conflictsPage(viewOf(state, req), conflictList(), true)));
  app.post('/review/conflicts/sbd', async (req, reply: FastifyReply) => {
    const b = SbdBody.safeParse(req.body);
    if (!b.success) return sendHtml(reply, conflictsPage(viewOf(state, req), conflictList(), true), 400);
    if (!req.session.reviewer) return sendHtml(reply, nameForm(viewOf(state, req), '/review/conflicts'));
    addOverride(ws, { pageId: b.data.pageId, field: 'sbd', value: b.data.value, by: req.session.reviewer, reason: b.data.reason }, state.template);
    return reply.redirect('/review/conflicts', 303);
  });
  // keep one page of a conflict or set one aside: a recorded decision (the same as omr override --keep / --exclude)
  app.post('/review/conflicts/resolve', async (req, reply: FastifyReply) => {
    const b = ResolveBody.safeParse(req.body);
    if (!b.success) return sendHtml(reply, conflictsPage(viewOf(state, req), conflictList(), true), 400);
    if (!req.session.reviewer) return sendHtml(reply, nameForm(viewOf(state, req), '/review/conflicts'));
    resolveConflict(ws.db, { pageId: b.data.pageId, decision: b.data.decision, by: req.session.reviewer, reason: b.data.reason });
    return reply.redirect('/review/conflicts', 303);
  });
}
