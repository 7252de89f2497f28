/**
 * The desk's server through fastify's inject (no sockets, no browser): pages, the 404 page,
 * access code, CSRF, read-only, the review queue (claims, decisions as overrides, undo), uploads
 * (a corrupt file and a file over the cap get their rows, the rest goes on), the downloads.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { buildDesk, type Desk, type DeskOptions } from '../src/serve/server.js';
import { claimNext, heldByOthers, releaseClaims } from '../src/workspace/claims.js';
import { watchFolder } from '../src/workspace/watch.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { makeDeskWorkspace, multipart } from './serve-helpers.js';

let base: string;
let dir: string;
let scans: string[];
const desks: Desk[] = [];

async function desk(o: Partial<DeskOptions> = {}): Promise<Desk> {
  const d = await buildDesk({ workspace: dir, jobs: 1, pollMs: 60_000, ...o });
  desks.push(d);
  return d;
}

/** A browser: keeps the session cookie and the page's CSRF token. */
function browser(d: Desk) {
  let sid = '';
  let csrf = '';
  const req = async (method: 'GET' | 'POST', url: string, o: { payload?: unknown; headers?: Record<string, string>; noCsrf?: boolean } = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (method === 'POST' && !o.noCsrf && csrf && !headers['x-csrf-token']) headers['x-csrf-token'] = csrf;
    const res = await d.app.inject({ method, url, headers, ...(sid ? { cookies: { omr_desk: sid } } : {}), ...(o.payload !== undefined ? { payload: o.payload as string } : {}) });
    const c = res.cookies.find((x) => x.name === 'omr_desk');
    if (c) sid = c.value;
    const m = /<meta name="csrf-token" content="([^"]*)">/.exec(res.body);
    if (m && m[1]) csrf = m[1];
    return res;
  };
  return {
    get: (url: string, headers?: Record<string, string>) => req('GET', url, { headers }),
    post: (url: string, payload: unknown, o: { headers?: Record<string, string>; noCsrf?: boolean } = {}) => req('POST', url, { payload, ...o }),
    json: (url: string, body: unknown) => req('POST', url, { payload: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json' } }),
    get csrf() {
      return csrf;
    },
  };
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'omr-serve-'));
  ({ dir, scans } = await makeDeskWorkspace(base, { read: 4 }));
});

afterAll(async () => {
  for (const d of desks) await d.close();
  rmSync(base, { recursive: true, force: true });
});

describe('pages', () => {
  it('Tổng quan in Vietnamese, English with lang en; live fragment; assets from the package', async () => {
    const d = await desk();
    const b = browser(d);
    const r = await b.get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.body).toContain('<html lang="vi">');
    expect(r.body).toContain('Tổng quan');
    expect(r.body).toContain('Phiếu đã đọc / dự kiến');
    expect(r.body).toMatch(/Còn cần xem<\/span><span class="v">\d+/);
    const live = await b.get('/?live=1');
    expect(live.body.startsWith('<section id="live"')).toBe(true);
    const js = await b.get('/assets/desk.js');
    expect(js.headers['content-type']).toContain('javascript');
    expect((await b.get('/assets/../package.json')).statusCode).toBe(404);
    const en = browser(await desk({ lang: 'en' }));
    expect((await en.get('/')).body).toContain('Sheets read / expected');
  });

  it('a page id or a path that does not exist is a 404 page in Vietnamese', async () => {
    const b = browser(await desk());
    for (const url of ['/page/99999', '/page/99999/image.jpg', '/crop/1/q999x.jpg', '/candidates/123456', '/khong-co', '/page/abc']) {
      const r = await b.get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).toContain('Không tìm thấy trang');
    }
  });

  it('the candidate page: 100 answers against the key, parts, band, file name and SHA-256; prints', async () => {
    const d = await desk();
    const b = browser(d);
    const list = await b.get('/candidates?q=thi+sinh+2');
    expect(list.body).toContain('Nguyễn Văn Thí Sinh 2');
    expect(list.body).not.toContain('Nguyễn Văn Thí Sinh 1<');
    const r = await b.get('/candidates/000002');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Nguyễn Văn Thí Sinh 2');
    expect((r.body.match(/<tr class="(correct|wrong|blank|multiple|flagged)">/g) ?? []).length).toBe(100);
    expect(r.body).toMatch(/SHA-256: <code class="sha">[0-9a-f]{64}<\/code>/);
    expect(r.body).toContain('scan-002.jpg');
    expect(r.body).toContain('Phần I');
    const css = readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'assets', 'desk', 'desk.css'), 'utf8');
    expect(css).toContain('@media print');
  });

  it('crops are made once and kept on disk; thumbnails and page pictures by page id', async () => {
    const d = await desk();
    const b = browser(d);
    const item = d.state.cache.queue().find((i) => i.field === 'answer')!;
    const r = await b.get(`/crop/${item.pageId}/${item.cropGroup}.jpg`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/jpeg');
    expect(existsSync(path.join(dir, '.cache', 'crops', `p${item.pageId}-${item.cropGroup}.jpg`))).toBe(true);
    expect((await b.get(`/page/${item.pageId}/thumb.jpg`)).statusCode).toBe(200);
    expect((await b.get(`/page/${item.pageId}/image.jpg`)).statusCode).toBe(200);
  });
});

describe('access', () => {
  it('a LAN desk asks for the access code; a wrong code is refused', async () => {
    const d = await desk({ host: '0.0.0.0', accessCode: 'ABCD-EFGH' });
    expect(d.accessCode).toBe('ABCD-EFGH');
    const b = browser(d);
    const r = await b.get('/review', { host: '192.168.1.5:8080' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/login?next=%2Freview');
    const login = await b.get('/login?next=%2Freview', { host: '192.168.1.5:8080' });
    expect(login.body).toContain('Mã truy cập');
    const wrong = await b.post('/login', `code=ABCD-XXXX&next=%2Freview&_csrf=${b.csrf}`, { headers: { 'content-type': 'application/x-www-form-urlencoded', host: '192.168.1.5:8080' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Sai mã truy cập');
    expect((await b.json('/review/act', { action: 'show' })).statusCode).toBe(401);
    const ok = await b.post('/login', `code=abcd efgh&next=%2Freview&_csrf=${b.csrf}`, { headers: { 'content-type': 'application/x-www-form-urlencoded', host: '192.168.1.5:8080' } });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/review');
    expect((await b.get('/', { host: '192.168.1.5:8080' })).statusCode).toBe(200);
  });

  it('every write needs the CSRF token; a loopback desk answers only to loopback names; read-only refuses writes', async () => {
    const d = await desk();
    const b = browser(d);
    await b.get('/');
    const no = await b.post('/review/name', 'name=An', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, noCsrf: true });
    expect(no.statusCode).toBe(403);
    expect(no.body).toContain('CSRF');
    const bad = await b.post('/review/name', 'name=An&_csrf=nope', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, noCsrf: true });
    expect(bad.statusCode).toBe(403);
    const up = await multipart({}, [{ name: 'a.jpg', data: readFileSync(scans[0]) }]);
    expect((await b.post('/scan/upload', up.payload, { headers: up.headers, noCsrf: true })).statusCode).toBe(403);
    const yes = await b.post('/review/name', `name=An&_csrf=${encodeURIComponent(b.csrf)}`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, noCsrf: true });
    expect(yes.statusCode).toBe(303);
    const evil = await b.get('/', { host: 'evil.example:8080' });
    expect(evil.statusCode).toBe(403);
    const ro = browser(await desk({ readOnly: true }));
    await ro.get('/');
    const w = await ro.post('/review/name', `name=An`, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(w.statusCode).toBe(403);
    expect(w.body).toContain('chỉ xem');
  });
});

describe('review queue', () => {
  it('two reviewers never get the same item; a decision is an override with the name and reason; undo takes it back', async () => {
    const d = await desk();
    const a = browser(d);
    const b = browser(d);
    await a.get('/');
    await b.get('/');
    expect((await a.get('/review')).body).toContain('Họ tên người xem');
    await a.post('/review/name', 'name=Nguyễn Văn A', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await b.post('/review/name', 'name=Trần Thị B', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const pa = await a.get('/review');
    const pb = await b.get('/review');
    const keyA = /<section id="item" data-key="([^"]+)"/.exec(pa.body)![1];
    const keyB = /<section id="item" data-key="([^"]+)"/.exec(pb.body)![1];
    expect(keyA).not.toBe(keyB);
    // the page's fit on its printed rings, beside the crop (issue 10 item 2)
    const fit = d.state.cache.queue().find((q) => q.key === keyA)!.fitMm;
    expect(fit).toBeGreaterThanOrEqual(0);
    expect(pa.body).toContain(`độ khớp trang ${fit!.toFixed(2).replace('.', ',')} mm`);
    const total = d.state.cache.queue().length;
    expect(total).toBeGreaterThanOrEqual(3);

    const ra = await a.json('/review/act', { action: 'value', item: keyA, value: 'B', reason: 'đã xem ảnh phiếu' });
    expect(ra.statusCode).toBe(200);
    const ja = ra.json();
    expect(ja.message).toContain('Đã lưu');
    expect(ja.key).not.toBe(keyB); // b still holds its item
    const [pageId, group] = keyA.split(':');
    const row = d.state.ws.db.prepare('SELECT * FROM overrides ORDER BY id DESC LIMIT 1').get() as { page_id: number; question: number; value: string; by: string; reason: string };
    expect(row).toMatchObject({ page_id: Number(pageId), question: Number(group.slice(1)), value: 'B', by: 'Nguyễn Văn A', reason: 'đã xem ảnh phiếu' });
    expect(d.state.cache.queue().length).toBe(total - 1);

    const u = (await a.json('/review/act', { action: 'undo', item: ja.key })).json();
    expect(u.key).toBe(keyA);
    expect(u.message).toContain('hoàn tác');
    expect(d.state.cache.queue().length).toBe(total);
    expect(d.state.ws.db.prepare('SELECT COUNT(*) AS n FROM override_undos').get()).toEqual({ n: 1 });

    const bad = await a.json('/review/act', { action: 'value', item: keyA, value: 'Z', reason: 'x' });
    expect(bad.statusCode).toBe(400);
    const noReason = await a.json('/review/act', { action: 'keep', item: keyA, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
  });
});

describe('claims', () => {
  it('an item is held for one session until it lapses; a session holds one item at a time', () => {
    const ws = openWorkspace(dir);
    try {
      ws.db.prepare('DELETE FROM review_claims').run(); // holds left by the reviewers of the other tests
      const items = [{ key: 'x:q1' }, { key: 'x:q2' }, { key: 'x:q3' }];
      const t = 1_000_000;
      expect(claimNext(ws, 'A', 'An', items, { now: t, ttl: 1000 })?.key).toBe('x:q1');
      expect(claimNext(ws, 'B', 'Bình', items, { now: t, ttl: 1000 })?.key).toBe('x:q2');
      expect(claimNext(ws, 'C', 'Chi', items, { now: t, ttl: 1000 })?.key).toBe('x:q3');
      expect(claimNext(ws, 'D', 'Dũng', items, { now: t, ttl: 1000 })).toBeNull(); // every item is held
      expect(claimNext(ws, 'A', 'An', items, { start: 1, now: t, ttl: 1000 })?.key).toBe('x:q1'); // the next ones are held: A stays on its own
      expect(claimNext(ws, 'D', 'Dũng', items, { now: t + 1001 })?.key).toBe('x:q1'); // the holds lapsed
      expect(heldByOthers(ws, 'A', t + 1002).get('x:q1')).toBe('Dũng');
      releaseClaims(ws, 'D');
      expect(heldByOthers(ws, 'A', t + 1002).size).toBe(0);
    } finally {
      ws.db.prepare('DELETE FROM review_claims').run();
      ws.close();
    }
  });
});

describe('conflicts', () => {
  it('two pages with one SBD are shown side by side and settled there by a recorded decision', async () => {
    const d = await desk();
    const b = browser(d);
    await b.get('/');
    await b.post('/review/name', 'name=Lê Văn C', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const page = await b.get('/review/conflicts');
    expect(page.statusCode).toBe(200);
    const ids = [...page.body.matchAll(/<input type="hidden" name="pageId" value="(\d+)">/g)].map((m) => Number(m[1]));
    const pages = [...new Set(ids)];
    expect(pages.length).toBe(2);
    expect((page.body.match(/<img src="\/page\/\d+\/image.jpg"/g) ?? []).length).toBe(2);
    const blank = pages.find((id) => d.state.cache.page(id)?.serial === '000004')!;
    const r = await b.post('/review/conflicts/resolve', `pageId=${blank}&decision=exclude&reason=${encodeURIComponent('phiếu trắng dùng nhầm SBD')}`, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(303);
    const row = d.state.ws.db.prepare('SELECT * FROM page_decisions ORDER BY id DESC LIMIT 1').get() as { page_id: number; decision: string; by: string };
    expect(row).toMatchObject({ page_id: blank, decision: 'exclude', by: 'Lê Văn C' });
    const after = await b.get('/review/conflicts');
    expect(after.body).toContain('Không có xung đột nào chờ xử lý');
    const cand = await b.get('/candidates/000003');
    expect(cand.body).toContain('scan-003.jpg');
    expect(cand.body).not.toContain('scan-004.jpg');
  });
});

describe('uploads and exports', () => {
  it('a corrupt file and a file over the cap get their rows with the reason; the rest is read', async () => {
    const d = await desk({ maxUploadMb: 2 });
    const b = browser(d);
    await b.get('/scan');
    const good = readFileSync(scans[0]); // already read: skipped by hash
    const corrupt = good.subarray(0, 3000);
    const big = Buffer.alloc(2.2 * 1024 * 1024, 1);
    const up = await multipart({ _csrf: b.csrf }, [
      { name: 'lo-1.jpg', data: good },
      { name: '../../hong.jpg', data: corrupt },
      { name: 'ghi-chu.txt', data: Buffer.from('x') },
      { name: 'qua-lon.tif', data: big },
    ]);
    const r = await b.post('/scan/upload', up.payload, { headers: { ...up.headers, accept: 'application/json' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ files: 2 });
    await d.state.jobs.idle();
    const job = d.state.jobs.jobs[0];
    const byName = new Map(job.rows.map((x) => [x.name, x]));
    expect(byName.get('ghi-chu.txt')?.reason).toContain('không phải tệp JPEG');
    expect(byName.get('qua-lon.tif')?.reason).toContain('lớn hơn');
    expect(byName.get('hong.jpg')?.status).toBe('error');
    expect(job.summary?.alreadyRead).toBe(1);
    expect(existsSync(path.join(path.dirname(job.files[0]), 'hong.jpg'))).toBe(true); // the name made safe, inside uploads/
    const page = await b.get('/scan?live=1');
    expect(page.body).toContain('hong.jpg');
    expect(page.body).toContain('bị cắt cụt hoặc hỏng');
  });

  it('the downloaded ket-qua.csv is what omr export writes', async () => {
    const b = browser(await desk());
    const r = await b.get('/results');
    expect(r.body).toContain('Phân tích câu hỏi');
    expect(r.body).toContain('<svg');
    const csv = await b.get('/results/download/ket-qua.csv');
    expect(csv.headers['content-disposition']).toContain('ket-qua.csv');
    const out = path.join(base, 'export-cli');
    const code = await main(['node', 'omr', 'export', '-w', dir, '--out', out, '--no-xlsx'], { out: () => {}, err: () => {}, isTTY: false });
    expect(code).toBeLessThanOrEqual(1);
    expect(csv.rawPayload.equals(readFileSync(path.join(out, 'ket-qua.csv')))).toBe(true);
    expect((await b.get('/results/download/..%2Fomr.sqlite')).statusCode).toBe(404);
    // the council's report and a complaint file, from the same functions as omr report / omr complaint evidence
    for (const url of ['/results/bao-cao-ket-qua.pdf', '/candidates/000002/ho-so.pdf']) {
      const pdf = await b.get(url);
      expect(pdf.statusCode, url).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString(), url).toBe('%PDF-');
    }
    const docx = await b.get('/results/bao-cao-ket-qua.docx');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('folder watching (omr scan -w DIR --watch FOLDER, the desk\'s watched folder)', () => {
  it('reads a scan only once it is completely written; after a restart only new files are read', async () => {
    const folder = path.join(base, 'may-quet');
    mkdirSync(folder);
    const ws = openWorkspace(dir);
    const count = () => (ws.db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    const waitFor = async (ok: () => boolean) => {
      for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      const before = count();
      const added: string[] = [];
      let w = watchFolder(ws, folder, { jobs: 1, settleMs: 800, onPage: (r) => added.push(path.basename(r.source)) });
      await w.ready;
      // a rescan (other bytes, same sheet) written in two halves with a pause: never read half
      const bytes = await sharp(scans[2]).jpeg({ quality: 80 }).toBuffer();
      const file = path.join(folder, 'lo-3.jpg');
      writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
      await new Promise((r) => setTimeout(r, 500));
      expect(count()).toBe(before);
      appendFileSync(file, bytes.subarray(bytes.length >> 1));
      await waitFor(() => count() > before);
      await w.idle();
      expect(count()).toBe(before + 1);
      expect(added).toEqual(['lo-3.jpg']);
      const row = ws.db.prepare("SELECT status FROM pages WHERE source LIKE '%lo-3.jpg'").get() as { status: string };
      expect(row.status).toBe('ok');
      await w.close();
      // stopped; a new file arrives; on restart the known file is skipped by its hash, the new one read
      writeFileSync(path.join(folder, 'lo-4.jpg'), await sharp(scans[3]).jpeg({ quality: 80 }).toBuffer());
      writeFileSync(path.join(folder, 'ghi-chu.txt'), 'not a scan');
      added.length = 0;
      w = watchFolder(ws, folder, { jobs: 1, settleMs: 300, onPage: (r) => added.push(path.basename(r.source)) });
      await w.ready;
      await waitFor(() => count() > before + 1);
      await w.idle();
      await w.close();
      expect(added).toEqual(['lo-4.jpg']);
      expect(count()).toBe(before + 2);
      expect(() => watchFolder(ws, dir)).toThrow(/ảnh của chính thư mục kỳ thi|own pictures/);
      expect(() => watchFolder(ws, path.join(base, 'khong-co'))).toThrow(/không phải thư mục|not a folder/);
    } finally {
      ws.close();
    }
  });

  it('omr scan --watch needs -w', async () => {
    const err: string[] = [];
    const code = await main(['node', 'omr', 'scan', '--watch', base], { out: () => {}, err: (l) => err.push(l), isTTY: false });
    expect(code).toBe(2);
    expect(err).toEqual(['omr: --watch cần -w THƯ_MỤC (các trang được lưu vào thư mục kỳ thi) → omr scan -w ky-thi/ --watch may-quet/ (ví dụ)']);
  });
});
