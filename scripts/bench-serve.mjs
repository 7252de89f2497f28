#!/usr/bin/env node
// npm run bench:serve — how fast the desk answers (issue 9), on a workspace with BENCH_FLAGS
// (default 500) flagged items: BENCH_FLAGS/5 sheets with 5 flagged answers each. One sheet is
// generated and really scanned (annotated picture, homography); the others are copies of its
// read with other serials, SBDs and hashes, inserted into the database (the desk cannot tell).
// Then, through the server (fastify inject, no network):
//   - review: a key press (POST /review/act with a decision: the override is written, the next
//     item claimed and rendered) + the next item's crop (GET /crop/...), the time until the next
//     item can be shown; the reviewer "looks" BENCH_LOOK_MS (default 150) at each item, not counted;
//   - the candidate page (GET /candidates/SBD), unchanged workspace and just after a decision.
// Prints medians (and p90) of BENCH_N (default 100) of each. Needs dist/ (npm run build).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FLAGS = Number(process.env.BENCH_FLAGS ?? 500);
const N = Number(process.env.BENCH_N ?? 100);
const LOOK = Number(process.env.BENCH_LOOK_MS ?? 150);
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist');
const imp = (p) => import(path.join(dist, p));

const { defaultSheetPrinter, generateSheetPage, encodePage, FIXTURE_EXAM_YEAR } = await imp('fixtures/index.js');
const { defaultExam } = await imp('exam/exam.js');
const { initWorkspace, openWorkspace } = await imp('workspace/workspace.js');
const { ingestScans } = await imp('workspace/ingest.js');
const { buildDesk } = await imp('serve/server.js');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), n: s.length };
};
const ms = (x) => `${x.toFixed(1)} ms`;

const base = mkdtempSync(path.join(os.tmpdir(), 'omr-bench-serve-'));
try {
  const sheets = Math.ceil(FLAGS / 5);
  // ---- workspace: roster, key, exam
  const opts = ['A', 'B', 'C', 'D'];
  writeFileSync(path.join(base, 'keys.csv'), ['ma_de,cau,dap_an', ...Array.from({ length: 100 }, (_, i) => `101,${i + 1},${opts[(i * 7) % 4]}`)].join('\n') + '\n');
  writeFileSync(path.join(base, 'roster.csv'), ['sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh', ...Array.from({ length: sheets }, (_, i) => `${String(i + 1).padStart(6, '0')},Nguyễn Văn ${i + 1},01/01/1980,Xã ${(i % 7) + 1},${(i % 3) + 1},Công chức`)].join('\n') + '\n');
  writeFileSync(path.join(base, 'exam.json'), JSON.stringify(defaultExam(FIXTURE_EXAM_YEAR)));
  const dir = path.join(base, 'ws');
  initWorkspace(dir, { roster: path.join(base, 'roster.csv'), keys: [path.join(base, 'keys.csv')], exam: path.join(base, 'exam.json') }).ws.close();

  // ---- one real scan, then copies of its read
  const page = await generateSheetPage({ printer: defaultSheetPrinter(), serial: '000001', seed: 4242, profile: 'flatbed', dpi: 200 });
  const scan = path.join(base, 'scan-1.jpg');
  writeFileSync(scan, await encodePage(page, 'jpeg'));
  const ws = openWorkspace(dir);
  await ingestScans(ws, [scan], { jobs: 1 });
  const one = ws.db.prepare('SELECT * FROM pages').get();
  const r0 = JSON.parse(one.result);
  const ins = ws.db.prepare(
    'INSERT INTO pages (file_sha256, page, page_count, source, path, status, serial, sbd, made, exam_id, flagged, annotated, result, run_id, read_at) VALUES (?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  ws.db.transaction(() => {
    for (let i = 2; i <= sheets + 1; i++) {
      const serial = String(i).padStart(6, '0');
      const sbd = String(i - 1).padStart(6, '0');
      const groups = { ...r0.groups };
      for (let k = 0; k < 100; k++) groups[`q${k + 1}`] = { ...groups[`q${k + 1}`], value: opts[(k * 7 + (k < 60 + (i % 30) ? 0 : 1)) % 4], flagged: false };
      for (const q of [3, 17, 41, 58, 90]) groups[`q${q}`] = { ...groups[`q${q}`], flagged: true, reason: 'light' };
      for (let c = 0; c < 6; c++) groups[`sbd.${c}`] = { ...groups[`sbd.${c}`], value: sbd[c], flagged: false };
      groups['made.0'] = { ...groups['made.0'], value: '1', flagged: false };
      groups['made.1'] = { ...groups['made.1'], value: '0', flagged: false };
      groups['made.2'] = { ...groups['made.2'], value: '1', flagged: false };
      const r = { ...r0, source: `copy-${serial}.jpg`, serial, candidateNumber: sbd, examCode: '101', groups, identity: r0.identity ? { ...r0.identity, serial } : r0.identity };
      ins.run(`${'0'.repeat(40)}${String(i).padStart(24, '0')}`, r.source, path.join(base, r.source), 'ok', serial, sbd, '101', one.exam_id, 5, one.annotated, JSON.stringify(r), one.run_id, new Date().toISOString());
    }
  })();
  ws.close();

  // ---- the desk
  const desk = await buildDesk({ workspace: dir, jobs: 1, pollMs: 60_000 });
  let sid = '';
  let csrf = '';
  const call = async (method, url, payload) => {
    const res = await desk.app.inject({ method, url, cookies: sid ? { omr_desk: sid } : {}, headers: { 'x-csrf-token': csrf, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
    const c = res.cookies.find((x) => x.name === 'omr_desk');
    if (c) sid = c.value;
    const m = /<meta name="csrf-token" content="([^"]*)">/.exec(res.body);
    if (m) csrf = m[1];
    return res;
  };
  await call('GET', '/');
  await desk.app.inject({ method: 'POST', url: '/review/name', cookies: { omr_desk: sid }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `name=Bench&_csrf=${encodeURIComponent(csrf)}` });
  const first = await call('GET', '/review');
  const queued = desk.state.cache.queue().length;
  let key = /data-key="([^"]+)"/.exec(first.body)[1];
  let crop = /<img src="(\/crop\/[^"]+)"/.exec(first.body)[1];
  await call('GET', crop);
  const next = [];
  const act = [];
  for (let i = 0; i < N; i++) {
    await new Promise((r) => setTimeout(r, LOOK));
    const t0 = performance.now();
    const res = await call('POST', '/review/act', { action: 'value', item: key, value: opts[i % 4], reason: 'bench' });
    const t1 = performance.now();
    const j = res.json();
    key = j.key;
    crop = /<img src="(\/crop\/[^"]+)"/.exec(j.html)?.[1];
    const img = await call('GET', crop);
    const t2 = performance.now();
    if (res.statusCode !== 200 || img.statusCode !== 200) throw new Error(`review step ${i}: ${res.statusCode} ${img.statusCode} ${res.body.slice(0, 200)}`);
    act.push(t1 - t0);
    next.push(t2 - t0);
  }
  const warm = [];
  const cold = [];
  for (let i = 0; i < Math.min(N, 40); i++) {
    const sbd = String((i % sheets) + 1).padStart(6, '0');
    let t0 = performance.now();
    let res = await call('GET', `/candidates/${sbd}`);
    warm.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`candidate ${sbd}: ${res.statusCode}`);
    await call('POST', '/review/act', { action: 'value', item: key, value: 'A', reason: 'bench' }).then((r) => (key = r.json().key));
    t0 = performance.now();
    res = await call('GET', `/candidates/${sbd}`);
    cold.push(performance.now() - t0);
  }
  await desk.close();
  const s1 = stats(next);
  const s2 = stats(act);
  const s3 = stats(warm);
  const s4 = stats(cold);
  console.log(`omr serve bench: ${queued} flagged items on ${sheets} sheets, ${N} decisions (medians of the runs)`);
  console.log(`  next item after a key (decision saved + next item + its crop): median ${ms(s1.median)}, p90 ${ms(s1.p90)}   (target < 100 ms)`);
  console.log(`    of which the decision request alone:                         median ${ms(s2.median)}, p90 ${ms(s2.p90)}`);
  console.log(`  candidate page, workspace unchanged:                           median ${ms(s3.median)}, p90 ${ms(s3.p90)}   (target < 300 ms)`);
  console.log(`  candidate page just after a decision (results recomputed):     median ${ms(s4.median)}, p90 ${ms(s4.p90)}   (target < 300 ms)`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
