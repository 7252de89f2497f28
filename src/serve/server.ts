/**
 * `omr serve`: the exam desk in a browser. One fastify app over the workspace functions (the
 * same ones the CLI calls); pages are rendered on the server (views/), a little script in
 * assets/desk/ adds keys, uploads and live refresh. Routes are grouped by page in routes/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import { isOmrError, type OmrError } from '../errors.js';
import { DEFAULT_LANG, translator, type Lang, type T } from '../i18n/index.js';
import { buildLayout, type Layout } from '../template/layout.js';
import type { Template } from '../template/schema.js';
import { watchFolder, type FolderWatch } from '../workspace/watch.js';
import { examOf, openWorkspace, templateOf, type Workspace } from '../workspace/workspace.js';
import { isLoopbackBind, loopbackHost, newAccessCode, normaliseCode, Sessions, SESSION_COOKIE, sameSecret, type Session } from './auth.js';
import { ResultsCache, versionKey, workspaceVersion } from './cache.js';
import { ScanJobs } from './jobs.js';
import { EventHub } from './sse.js';
import { messagePage, notFoundPage, type ViewCtx } from './views/layout.js';
import { loginPage } from './views/login.js';
import { registerPages } from './routes/pages.js';
import { registerReview } from './routes/review.js';
import { registerScan } from './routes/scan.js';

export interface DeskOptions {
  workspace: string;
  /** The address the server will listen on (decides whether an access code is needed). */
  host?: string;
  lang?: Lang;
  readOnly?: boolean;
  /** Default: needed when `host` is not loopback. */
  requireCode?: boolean;
  /** Default: a new random code. */
  accessCode?: string;
  /** Threads that read scans (default: half the cores, see defaultJobs). */
  jobs?: number;
  /** Largest upload, in MB (default 1024). */
  maxUploadMb?: number;
  /** Start watching this folder. */
  watch?: string;
  /** How often to look for changes made elsewhere, ms (default 1000). */
  pollMs?: number;
  /** awaitWriteFinish for the watched folder (default 2000 ms). */
  settleMs?: number;
}

export interface DeskState {
  ws: Workspace;
  t: T;
  lang: Lang;
  opts: DeskOptions;
  readOnly: boolean;
  cache: ResultsCache;
  hub: EventHub;
  jobs: ScanJobs;
  sessions: Sessions;
  template: Template;
  layout: Layout;
  examName: string;
  maxUploadBytes: number;
  watch: FolderWatch | null;
  startWatch(folder: string): Promise<FolderWatch>;
  stopWatch(): Promise<void>;
}

export interface Desk {
  app: FastifyInstance;
  state: DeskState;
  /** The code a LAN browser must give once; null when none is needed (loopback). */
  accessCode: string | null;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session;
  }
}

/** The folder of desk.js and desk.css (from src/serve or dist/serve alike). */
export const ASSET_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'desk');
const ASSETS: Record<string, string> = { 'desk.js': 'text/javascript; charset=utf-8', 'desk.css': 'text/css; charset=utf-8' };

export function viewOf(state: DeskState, req: FastifyRequest): ViewCtx {
  return { t: state.t, lang: state.lang, csrf: req.session?.csrf ?? '', readOnly: state.readOnly, reviewer: req.session?.reviewer ?? null, exam: state.examName };
}

/** An OmrError as one line in the desk's language: message → hint. */
export function errorText(e: OmrError, lang: Lang): string {
  const { lines, hint } = e.localize(lang);
  return [lines.join(' '), hint].filter(Boolean).join(' → ');
}

export function sendHtml(reply: FastifyReply, body: string, code = 200): FastifyReply {
  return reply.code(code).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

export function notFound(state: DeskState, req: FastifyRequest, reply: FastifyReply, what: string): FastifyReply {
  return sendHtml(reply, notFoundPage(viewOf(state, req), what), 404);
}

const isWrite = (m: string): boolean => m !== 'GET' && m !== 'HEAD';
const wantsJson = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('application/json');

export async function buildDesk(opts: DeskOptions): Promise<Desk> {
  const lang = opts.lang ?? DEFAULT_LANG;
  const t = translator(lang);
  const host = opts.host ?? '127.0.0.1';
  const requireCode = opts.requireCode ?? !isLoopbackBind(host);
  const accessCode = requireCode ? (opts.accessCode ?? newAccessCode()) : null;
  const ws = openWorkspace(opts.workspace);
  const template = templateOf(ws);
  const hub = new EventHub();
  let lastJobEvent = 0;
  const state: DeskState = {
    ws,
    t,
    lang,
    opts,
    readOnly: Boolean(opts.readOnly),
    cache: new ResultsCache(ws),
    hub,
    jobs: new ScanJobs(ws, {
      ...(opts.jobs ? { jobs: opts.jobs } : {}),
      onChange: (job) => {
        const now = Date.now();
        if (job.state !== 'running' || now - lastJobEvent > 300) {
          lastJobEvent = now;
          hub.send('scan', { id: job.id, state: job.state, pages: job.rows.length });
        }
      },
    }),
    sessions: new Sessions(requireCode),
    template,
    layout: buildLayout(template),
    examName: examOf(ws).name,
    maxUploadBytes: (opts.maxUploadMb ?? 1024) * 1024 * 1024,
    watch: null,
    async startWatch(folder: string) {
      await state.stopWatch();
      const w = watchFolder(ws, folder, {
        settleMs: opts.settleMs ?? 2000,
        ingest: (files) => {
          const job = state.jobs.add(files, 'watch');
          return state.jobs.idle().then(() => job);
        },
      });
      state.watch = w;
      await w.ready;
      hub.send('changed', {});
      return w;
    },
    async stopWatch() {
      const w = state.watch;
      state.watch = null;
      if (w) await w.close();
    },
  };

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, trustProxy: false });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: state.maxUploadBytes, files: 2000, fields: 20 } });
  app.decorateRequest('session', null as unknown as Session);

  // ---- every request: headers, host check, session, access code, read-only
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    if (!requireCode && !loopbackHost(req.headers.host)) {
      return sendHtml(reply, messagePage({ t, lang, csrf: '', readOnly: state.readOnly, reviewer: null, exam: state.examName }, t('desk.forbidden'), t('desk.badHost')), 403);
    }
    const url = req.url.split('?')[0];
    if (url.startsWith('/assets/')) return;
    let s = state.sessions.get(req.cookies[SESSION_COOKIE]);
    if (!s) {
      s = state.sessions.create();
      reply.setCookie(SESSION_COOKIE, s.id, { path: '/', httpOnly: true, sameSite: 'strict' });
    }
    req.session = s;
    if (!s.authed && url !== '/login') {
      if (req.method === 'GET' && !wantsJson(req) && url !== '/events') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return reply.code(401).type('application/json').send({ error: t('desk.login.needed') });
    }
    if (isWrite(req.method) && state.readOnly && url !== '/login') {
      if (wantsJson(req)) return reply.code(403).send({ error: t('desk.readOnlyText') });
      return sendHtml(reply, messagePage(viewOf(state, req), t('desk.forbidden'), t('desk.readOnlyText')), 403);
    }
  });

  // ---- CSRF on every state-changing request (multipart: checked by the upload route itself)
  app.addHook('preHandler', async (req, reply) => {
    if (!isWrite(req.method) || req.isMultipart()) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = (req.headers['x-csrf-token'] as string | undefined) ?? (typeof body._csrf === 'string' ? body._csrf : '');
    if (!token || !sameSecret(token, req.session.csrf)) return refuseCsrf(state, req, reply);
  });

  app.get('/assets/:file', async (req, reply) => {
    const file = (req.params as { file: string }).file;
    const type = ASSETS[file];
    if (!type) return notFound(state, req, reply, req.url);
    return reply.type(type).header('cache-control', 'no-cache').send(readFileSync(path.join(ASSET_DIR, file)));
  });
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  app.get('/events', async (req, reply) => {
    hub.attach(reply);
  });

  registerLogin(app, state, accessCode);
  registerPages(app, state);
  registerReview(app, state);
  registerScan(app, state);

  app.setNotFoundHandler((req, reply) => notFound(state, req, reply, req.url));
  app.setErrorHandler((err, req, reply) => {
    const v = viewOf(state, req);
    if (isOmrError(err)) {
      const text = errorText(err, lang);
      if (wantsJson(req)) return reply.code(400).send({ error: text });
      return sendHtml(reply, messagePage(v, t('desk.error'), text), 400);
    }
    const code = (err as { statusCode?: number }).statusCode ?? 500;
    const text = code < 500 ? (err as Error).message : t('desk.error.text', { message: (err as Error).message });
    if (wantsJson(req)) return reply.code(code).send({ error: text });
    return sendHtml(reply, messagePage(v, t('desk.error'), text), code);
  });

  // ---- changes made elsewhere (a terminal, another desk) reach the pages
  let seen = versionKey(workspaceVersion(ws));
  const poll = setInterval(() => {
    try {
      const now = versionKey(workspaceVersion(ws));
      if (now !== seen) {
        seen = now;
        hub.send('changed', {});
      }
    } catch {
      /* the database is busy: next time */
    }
  }, opts.pollMs ?? 1000);
  poll.unref();

  if (opts.watch) await state.startWatch(opts.watch);

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    await state.stopWatch();
    hub.close();
    await app.close();
    await state.jobs.idle().catch(() => {});
    ws.close();
  };
  return { app, state, accessCode, close };
}

export function refuseCsrf(state: DeskState, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { t } = state;
  if (wantsJson(req)) return reply.code(403).send({ error: t('desk.csrf') });
  return sendHtml(reply, messagePage(viewOf(state, req), t('desk.forbidden'), t('desk.csrf')), 403);
}

function registerLogin(app: FastifyInstance, state: DeskState, code: string | null): void {
  const { t } = state;
  const safeNext = (n: unknown): string => (typeof n === 'string' && n.startsWith('/') && !n.startsWith('//') ? n : '/');
  const form = (req: FastifyRequest, error: string | null, next: string): string => loginPage(viewOf(state, req), error, next);
  app.get('/login', async (req, reply) => {
    if (req.session.authed) return reply.redirect(safeNext((req.query as { next?: string }).next), 303);
    return sendHtml(reply, form(req, null, safeNext((req.query as { next?: string }).next)));
  });
  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as { code?: string; next?: string };
    const next = safeNext(body.next);
    if (!code || req.session.authed) return reply.redirect(next, 303);
    const wait = state.sessions.lockedFor(req.ip);
    if (wait) return sendHtml(reply, form(req, t('desk.login.wait', { seconds: wait }), next), 429);
    const given = typeof body.code === 'string' ? body.code : '';
    if (!sameSecret(normaliseCode(given), normaliseCode(code))) {
      state.sessions.failed(req.ip);
      return sendHtml(reply, form(req, t('desk.login.wrong'), next), 401);
    }
    state.sessions.succeeded(req.ip);
    req.session.authed = true;
    return reply.redirect(next, 303);
  });
}
