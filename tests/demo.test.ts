/**
 * `npm start`: the demo runs the whole job on the example exam into a folder of our choosing
 * (the compiled dist/, as users run it: `npm test` builds first) and leaves every output it
 * promises; the closing table adds up and agrees with the workspace and ket-qua.csv.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../src/grade/csvread.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'omr-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

describe('npm start (the demo)', () => {
  const out = path.join(tmp, 'demo');
  let run: ReturnType<typeof node>;
  let seconds = 0;

  beforeAll(() => {
    const t0 = performance.now();
    // the output folder through the environment, as `OMR_DEMO_OUT=DIR npm start`
    run = node([path.join(root, 'dist/demo/main.js')], { OMR_DEMO_OUT: out, OMR_LANG: '' });
    seconds = (performance.now() - t0) / 1000;
  }, 150_000);

  it('finishes without error, in about a minute (120 s at most on a busy machine)', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(seconds).toBeLessThan(120);
  });

  it('leaves every output under the folder', () => {
    const ws = path.join(out, 'ky-thi');
    for (const f of ['.omr-demo', 'results.jsonl', 'xem-lai/review.csv', 'ky-thi/omr.sqlite', 'ky-thi/exam.json', 'ky-thi/roster.csv', 'ky-thi/keys/keys.csv'])
      expect(existsSync(path.join(out, f)), f).toBe(true);
    for (const f of ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv', 'ket-qua.xlsx']) expect(existsSync(path.join(out, 'ket-qua', f)), f).toBe(true);
    const inDir = readdirSync(path.join(ws, 'in'));
    expect(inDir).toEqual(['phieu-000001-000030.manifest.csv', 'phieu-000001-000030.pdf']);
    // the scans: a batch PDF, a G4 TIFF and flatbed JPEGs
    expect(readdirSync(path.join(out, 'scans')).sort()).toEqual(['lo-1.pdf', 'lo-2-den-trang.tif', 'mat-kinh']);
    const jpegs = readdirSync(path.join(out, 'scans', 'mat-kinh'));
    expect(jpegs.length).toBeGreaterThan(5);
    // one annotated image per page read
    const pages = readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(pages.length).toBe(30); // 29 sheets + the cover letter
    const annotated = readdirSync(path.join(ws, 'annotated', 'run-0001'));
    expect(annotated.length).toBe(pages.length);
    expect(pages.filter((p) => p.status === 'ok').length).toBe(29);
    expect(pages.filter((p) => p.status === 'not_a_sheet').length).toBe(1);
    expect(pages.some((p) => p.rotation === 180)).toBe(true);
    expect(pages.some((p) => Object.values(p.groups ?? {}).some((g: any) => g.flagged && g.reason === 'multiple'))).toBe(true);
  });

  it('prints a closing table that adds up and agrees with the workspace and ket-qua.csv', () => {
    const text = run.stdout;
    // the default language is Vietnamese, as the CLI's
    const table = text.slice(text.indexOf('\nKết quả: kỳ thi '));
    expect(table.length).toBeGreaterThan(100);
    const count = (label: string) => Number(new RegExp(`^  ${label}\\s+(\\d+)`, 'm').exec(table)?.[1] ?? NaN);
    const bands = ['Tốt', 'Khá', 'Trung bình', 'Không đạt'];
    const byBand = Object.fromEntries(bands.map((b) => [b, count(b)]));
    const absent = count('Vắng \\(không có bài\\)');
    for (const b of bands) expect(byBand[b], b).toBeGreaterThan(0); // every band is shown by the example
    expect(absent).toBe(1);
    expect(bands.reduce((n, b) => n + byBand[b], 0) + absent).toBe(count('Tổng'));
    expect(count('Tổng')).toBe(30);
    expect(table).toMatch(/^Còn chờ người xử lý: 1 /m); // the light mark is left for a person
    expect(table).toMatch(/^Sửa tay: 1 · xung đột: 0 /m);
    expect(table).toMatch(/, 0 câu đọc sai mà không bị đánh dấu,/);
    expect(table).toMatch(/tổng điểm đúng 29\/29 thí sinh/); // every exported total is the score of what was marked
    expect(table).toMatch(/^Giờ có thể xem kỳ thi mẫu tại bàn làm việc, trên trình duyệt: omr serve -w \S+ky-thi/m);
    for (const label of ['phiếu in (PDF)', 'danh sách phiếu', 'ảnh quét', 'ảnh chú thích', 'thư mục kỳ thi', 'CSV + XLSX']) expect(table).toContain(`  ${label}`);

    // the same counts from the workspace and from the exported ket-qua.csv
    const st = node([path.join(root, 'bin/omr'), 'status', '-w', path.join(out, 'ky-thi'), '--json']);
    const status = JSON.parse(st.stdout);
    expect(Object.fromEntries(status.bands.map((b: { name: string; count: number }) => [b.name, b.count]))).toEqual(byBand);
    expect(status.flagsOpen.total).toBe(1);
    const [head, ...rows] = readCsv(readFileSync(path.join(out, 'ket-qua', 'ket-qua.csv'), 'utf8'));
    expect(rows.length).toBe(30);
    const band = head.cells.indexOf('Xếp loại');
    for (const b of bands) expect(rows.filter((r) => r.cells[band] === b).length, b).toBe(byBand[b]);
    // the override is in the exports, with who and why
    expect(readFileSync(path.join(out, 'ket-qua', 'ket-qua.csv'), 'utf8')).toMatch(/Sửa tay câu 37: .*Trần Thị Hoa/);
  });

  it('refuses to recreate a folder it did not make', () => {
    const foreign = path.join(tmp, 'someone-else');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'important.docx'), 'x');
    const r = node([path.join(root, 'dist/demo/main.js'), '--out', foreign, '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not empty and was not made by the demo');
    // in Vietnamese by default
    const vi = spawnSync(process.execPath, [path.join(root, 'dist/demo/main.js'), '--out', foreign], { cwd: root, encoding: 'utf8', env: { ...process.env, OMR_LANG: '' } });
    expect(vi.stderr).toContain('không trống và không do bản chạy thử tạo ra');
    expect(readdirSync(foreign)).toEqual(['important.docx']);
  });
});
