/**
 * Quét. Uploads are streamed to DIR/uploads/<time>/ (never held in memory), each file capped at
 * --max-upload-mb; a file over the cap or of another type gets its row with the reason and the
 * rest goes on. Then the files are read by the same ingest as `omr scan -w` (jobs.ts).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isOmrError } from '../../errors.js';
import { isScanFile } from '../../workspace/watch.js';
import { sameSecret } from '../auth.js';
import { errorText, refuseCsrf, sendHtml, viewOf, type DeskState } from '../server.js';
import { messagePage } from '../views/layout.js';
import { scanLive, scanPage } from '../views/scan.js';
import { isLive } from './pages.js';

export const UPLOAD_DIR = 'uploads';

/** A file name from a browser, made safe: its last part only, letters, digits, . _ - */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(-100);
  return clean || 'scan';
}

const WatchBody = z.object({ folder: z.string().max(1000).default(''), action: z.enum(['start', 'stop']).default('start') });

export function registerScan(app: FastifyInstance, state: DeskState): void {
  const { ws, t } = state;
  const mb = Math.round(state.maxUploadBytes / 1024 / 1024);

  app.get('/scan', async (req, reply) => {
    const live = scanLive(viewOf(state, req), state.jobs.jobs, state.watch?.folder ?? null);
    if (isLive(req)) return sendHtml(reply, live.s);
    return sendHtml(reply, scanPage(viewOf(state, req), live, { maxMb: mb, watching: state.watch?.folder ?? null }));
  });

  app.post('/scan/upload', async (req, reply) => {
    if (!req.isMultipart()) return reply.code(400).send({ error: t('desk.scan.notMultipart') });
    let csrfOk = sameSecret(String(req.headers['x-csrf-token'] ?? ''), req.session.csrf);
    const dir = path.join(ws.dir, UPLOAD_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`);
    const saved: string[] = [];
    const refused: { name: string; reason: string }[] = [];
    const used = new Set<string>();
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === '_csrf' && typeof part.value === 'string') csrfOk = csrfOk || sameSecret(part.value, req.session.csrf);
        continue;
      }
      if (!csrfOk) {
        part.file.resume();
        return refuseCsrf(state, req, reply);
      }
      if (!part.filename) {
        part.file.resume();
        continue;
      }
      let name = safeName(part.filename);
      if (!isScanFile(name)) {
        part.file.resume();
        refused.push({ name, reason: t('desk.scan.badType') });
        continue;
      }
      for (let k = 2; used.has(name); k++) name = name.replace(/(\.[^.]+)$/, `-${k}$1`);
      used.add(name);
      mkdirSync(dir, { recursive: true });
      const dest = path.join(dir, name);
      await pipeline(part.file, createWriteStream(dest));
      if (part.file.truncated) {
        unlinkSync(dest);
        refused.push({ name, reason: t('desk.scan.tooLarge', { mb }) });
        continue;
      }
      saved.push(dest);
    }
    if (!csrfOk) return refuseCsrf(state, req, reply);
    const job = state.jobs.add(saved, 'upload', refused);
    if ((req.headers.accept ?? '').includes('application/json')) return reply.send({ job: job.id, files: saved.length, refused });
    return reply.redirect('/scan', 303);
  });

  app.post('/scan/watch', async (req, reply) => {
    const b = WatchBody.safeParse(req.body);
    if (!b.success) return sendHtml(reply, messagePage(viewOf(state, req), t('desk.error'), t('desk.badRequest')), 400);
    try {
      if (b.data.action === 'stop') await state.stopWatch();
      else await state.startWatch(b.data.folder.trim());
    } catch (e) {
      if (!isOmrError(e)) throw e;
      return sendHtml(reply, messagePage(viewOf(state, req), t('desk.error'), errorText(e, state.lang)), 400);
    }
    return reply.redirect('/scan', 303);
  });
}
