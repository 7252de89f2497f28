/**
 * `omr complaint evidence`: one PDF that answers a complaint about a sheet from the evidence
 * alone (QĐ 2073, III.11.a: the council settles complaints within 10 days, so it must be able
 * to show exactly how a sheet was read and scored):
 *
 *   1. the facts: candidate, sheet, scan file, the score Phần I + Phần II, the band and its
 *      rule, every override (who, when, why, the machine's original read), the complaints
 *      about this sheet, and the SHA-256 of the scan file, of the keys and of the workspace
 *      database at this moment;
 *   2. the scanned page as received;
 *   3. the same page annotated (the JPEG made when it was read, or drawn again from the scan);
 *   4. the 100 answers: the measured darkness of every option, the read, the override, the
 *      answer used, the key of the mã đề, right or wrong.
 *
 * Nothing is written to the workspace, so the database hash stays the one printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { REASON_VI } from '../grade/grade.js';
import type { QuestionResult } from '../grade/score.js';
import { embedFonts, type Fonts } from '../print/fonts.js';
import { annotatePage } from '../scan/annotate.js';
import { loadPages } from '../scan/load.js';
import { readPage } from '../scan/read.js';
import { buildLayout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { scanCandidates } from './archive.js';
import { sha256File } from '../util/hash.js';
import { formatDay } from '../council/calendar.js';
import { allComplaints, findSheet } from './complaints.js';
import { DB_FILE } from './db.js';
import { overrideTargets, overrideWhat } from './overrides.js';
import type { PageRecord } from './results.js';
import { activeDocs, type Workspace } from './workspace.js';

export interface EvidenceFacts {
  serial: string | null;
  sbd: string | null;
  hoTen: string | null;
  examCode: string | null;
  total: number | null;
  max: number | null;
  parts: { title: string; score: number; max: number }[];
  band: string | null;
  scan: { source: string; page: number; recordedSha256: string; file: string | null; sha256: string | null; matches: boolean };
  keys: { examCode: string; fingerprint: string; files: { name: string; sha256: string }[] } | null;
  databaseSha256: string;
  overrides: number;
  annotated: 'stored' | 'redrawn' | 'none';
  madeAt: string;
}

export interface Evidence {
  pdf: Uint8Array;
  facts: EvidenceFacts;
}


/** The scan file of a page: the recorded path if it still has its hash, else the copy of a restored archive. */
async function scanFileOf(ws: Workspace, p: PageRecord): Promise<{ file: string | null; sha256: string | null }> {
  let seen: { file: string; sha256: string } | null = null;
  for (const f of scanCandidates(ws.dir, p)) {
    if (!existsSync(f)) continue;
    const sha = await sha256File(f);
    if (sha === p.fileSha256) return { file: f, sha256: sha };
    seen ??= { file: f, sha256: sha };
  }
  return seen ?? { file: null, sha256: null };
}

async function loadPage(file: string, p: PageRecord): Promise<GrayImage | null> {
  for await (const lp of loadPages({ source: p.source, path: file }, { maxDpi: 300 })) {
    if (lp.page === p.page) return lp.image ?? null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// a small page writer (A4, top-down)

const A4 = { w: 595.28, h: 841.89 };
const M = { top: 56, bottom: 50, left: 56, right: 42 };
const INK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);
const RED = rgb(0.75, 0, 0);
const GREEN = rgb(0, 0.45, 0.15);

class Writer {
  page!: PDFPage;
  y = 0;
  pages = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    readonly footer: string,
  ) {}

  newPage(): void {
    this.page = this.doc.addPage([A4.w, A4.h]);
    this.pages++;
    this.y = M.top;
    this.page.drawText(`${this.footer} · trang ${this.pages}`, { x: M.left, y: 24, size: 8, font: this.fonts.italic, color: GREY });
  }

  ensure(h: number): void {
    if (this.y + h > A4.h - M.bottom) this.newPage();
  }

  text(s: string, o: { x?: number; size?: number; font?: PDFFont; color?: ReturnType<typeof rgb>; center?: boolean; maxW?: number } = {}): void {
    const size = o.size ?? 11;
    const font = o.font ?? this.fonts.regular;
    const maxW = o.maxW ?? A4.w - M.left - M.right - ((o.x ?? M.left) - M.left);
    for (const line of wrap(s, font, size, maxW)) {
      this.ensure(size * 1.35);
      const w = font.widthOfTextAtSize(line, size);
      const x = o.center ? (A4.w - w) / 2 : (o.x ?? M.left);
      this.page.drawText(line, { x, y: A4.h - this.y - size, size, font, color: o.color ?? INK });
      this.y += size * 1.35;
    }
  }

  gap(h: number): void {
    this.y += h;
  }

  heading(s: string): void {
    this.ensure(40);
    this.gap(6);
    this.text(s, { size: 12.5, font: this.fonts.bold });
    this.gap(2);
  }

  /** A row of cells at fixed x positions (one line, clipped by the caller). */
  cells(xs: number[], values: string[], o: { size?: number; font?: PDFFont; colors?: (ReturnType<typeof rgb> | undefined)[] } = {}): void {
    const size = o.size ?? 9;
    this.ensure(size * 1.45);
    values.forEach((v, i) => {
      this.page.drawText(v, { x: xs[i], y: A4.h - this.y - size, size, font: o.font ?? this.fonts.regular, color: o.colors?.[i] ?? INK });
    });
    this.y += size * 1.45;
  }

  rule(): void {
    this.page.drawLine({ start: { x: M.left, y: A4.h - this.y }, end: { x: A4.w - M.right, y: A4.h - this.y }, thickness: 0.5, color: GREY });
    this.gap(3);
  }

  /** An image on a page of its own, fitted under a title. */
  imagePage(title: string, img: PDFImage | null, missing: string): void {
    this.newPage();
    this.text(title, { size: 12.5, font: this.fonts.bold });
    this.gap(4);
    if (!img) {
      this.text(missing, { color: RED });
      return;
    }
    const maxW = A4.w - M.left - M.right;
    const maxH = A4.h - this.y - M.bottom;
    const k = Math.min(maxW / img.width, maxH / img.height);
    const w = img.width * k, h = img.height * k;
    this.page.drawImage(img, { x: M.left + (maxW - w) / 2, y: A4.h - this.y - h, width: w, height: h });
    this.page.drawRectangle({ x: M.left + (maxW - w) / 2, y: A4.h - this.y - h, width: w, height: h, borderColor: GREY, borderWidth: 0.5 });
  }
}

function wrap(s: string, font: PDFFont, size: number, maxW: number): string[] {
  const out: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > maxW) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

const STATUS_VI: Record<QuestionResult['status'], string> = { correct: 'Đúng', wrong: 'Sai', blank: 'Bỏ trống', multiple: 'Nhiều ô', flagged: 'Chưa xử lý' };
const SUBJECT_VI = { question: 'câu hỏi', total: 'tổng điểm', identity: 'nhận dạng (SBD, mã đề, phiếu)' } as const;

// ---------------------------------------------------------------------------------------------

/** Build the evidence PDF for the sheet named by --serial or --sbd. */
export async function buildEvidence(ws: Workspace, by: { serial?: string; sbd?: string }, opts: { now?: Date } = {}): Promise<Evidence> {
  const sheet = findSheet(ws, by);
  const { res, row } = sheet;
  const [source, pageNo] = [sheet.pageRef.slice(0, sheet.pageRef.lastIndexOf(':')), Number(sheet.pageRef.slice(sheet.pageRef.lastIndexOf(':') + 1))];
  const p = res.pages.find((x) => x.source === source && x.page === pageNo);
  if (!p) throw new OmrError('USAGE', msg('cp.noSerial', { serial: sheet.serial ?? sheet.pageRef }), { hint: msg('cp.noSheet.hint') });
  const made = opts.now ?? new Date();

  // ---- hashes: the database after a checkpoint (every committed change is in the file)
  ws.db.pragma('wal_checkpoint(FULL)');
  const databaseSha256 = await sha256File(path.join(ws.dir, DB_FILE));
  const scan = await scanFileOf(ws, p);
  const examCode = row?.examCode ?? p.result.examCode ?? null;
  const keyInfo = examCode ? res.grades.keys.find((k) => k.examCode === examCode) : undefined;
  const keyFiles = activeDocs(ws, 'key').filter((d) => !keyInfo || d.name === keyInfo.file).map((d) => ({ name: d.name, sha256: d.sha256 }));

  // ---- pictures
  const layout = buildLayout(res.template);
  const img = scan.file && scan.sha256 === p.fileSha256 ? await loadPage(scan.file, p) : null;
  let annotated: Buffer | null = null;
  let annotatedHow: EvidenceFacts['annotated'] = 'none';
  if (p.annotated && existsSync(path.resolve(ws.dir, p.annotated))) {
    annotated = readFileSync(path.resolve(ws.dir, p.annotated));
    annotatedHow = 'stored';
  } else if (img) {
    const read = await readPage(img, layout, { source: p.source, page: p.page });
    annotated = await annotatePage(img, layout, { ...read, result: p.result });
    annotatedHow = 'redrawn';
  }
  const scanJpeg = img
    ? await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
        .resize({ width: Math.min(img.width, 1240) })
        .jpeg({ quality: 80 })
        .toBuffer()
    : null;

  // ---- the document
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  doc.setTitle(`Hồ sơ phiếu ${sheet.serial ?? sheet.pageRef} — SBD ${sheet.sbd ?? '?'}`);
  doc.setCreator('omr');
  doc.setCreationDate(made);
  doc.setModificationDate(made);
  const W = new Writer(doc, fonts, `Hồ sơ chứng cứ · số phiếu ${sheet.serial ?? '—'} · SBD ${sheet.sbd ?? '—'} · lập lúc ${made.toISOString().replace('T', ' ').slice(0, 19)} UTC`);
  W.newPage();
  for (const line of res.exam.organiser) W.text(line.toUpperCase(), { size: 11, font: fonts.bold, center: true });
  W.gap(8);
  W.text('HỒ SƠ CHỨNG CỨ PHIẾU TRẢ LỜI TRẮC NGHIỆM', { size: 14, font: fonts.bold, center: true });
  W.text('(phục vụ giải quyết khiếu nại: phiếu được đọc và chấm như thế nào)', { size: 11, font: fonts.italic, center: true });
  W.gap(8);

  W.heading('1. Thí sinh và phiếu');
  const cand = row?.candidate;
  W.text(`Kỳ thi: ${res.exam.name} (${res.exam.id})${res.exam.date ? `, ngày ${res.exam.date}` : ''}`);
  W.text(`Họ và tên: ${sheet.hoTen ?? '(không có trong danh sách)'} · SBD: ${sheet.sbd ?? '—'}${cand ? ` · Đơn vị: ${cand.donVi}` : ''}`);
  W.text(`Số phiếu: ${sheet.serial ?? '(mã QR không đọc được)'} · Mã đề: ${examCode ?? '—'} · Trang quét: ${p.source}, trang ${p.page} · Đọc lúc: ${p.readAt.replace('T', ' ').slice(0, 19)} UTC`);
  if (p.result.rotation) W.text(`Phiếu được quét ngược/xoay ${p.result.rotation}°, máy đã xoay lại để đọc.`);
  if (p.result.thresholds) {
    const t = p.result.thresholds;
    W.text(`Ngưỡng của chính tờ phiếu này: ô trống ≈ ${t.empty.toFixed(2)}, ô tô ≈ ${t.marked.toFixed(2)}, ranh giới ${t.cut.toFixed(2)} (độ đậm 0 = giấy trắng, 1 = đen hoàn toàn).`);
  }

  W.heading('2. Điểm');
  const sc = row?.score;
  if (sc) {
    for (const part of sc.parts) {
      W.text(`Phần ${['I', 'II', 'III', 'IV'][part.number - 1] ?? part.number} (câu ${part.from}-${part.to}): ${part.score}/${part.max} câu đúng (${part.counts.wrong} sai, ${part.counts.blank} bỏ trống, ${part.counts.multiple} tô nhiều ô${part.counts.flaggedUnresolved ? `, ${part.counts.flaggedUnresolved} chưa xử lý` : ''})`);
    }
    W.text(`Tổng điểm: ${sc.parts.map((x) => x.score).join(' + ')} = ${sc.total}/${sc.max} (mỗi câu đúng 1 điểm)`, { font: fonts.bold });
    const bands = res.grades.bands.map((b, i, a) => `${b.name} ${b.min}${i === 0 ? `-${sc.max}` : `-${a[i - 1].min - 1}`}`).join(' · ');
    W.text(`Xếp loại: ${row?.band ?? '—'} (thang: ${bands})`, { font: fonts.bold });
    for (const c of row?.consequences ?? []) W.text(`Hệ quả theo quy định: ${c}`);
  } else {
    W.text(`Phiếu chưa được chấm: ${row?.status ?? 'không có dòng kết quả'}${row?.notes.length ? ` — ${row.notes.join('; ')}` : ''}`, { color: RED });
  }

  W.heading('3. Sửa tay (mọi lần sửa, cũ nhất trước; lần sau cùng có hiệu lực)');
  const targets = overrideTargets(res.overrides, res.pages);
  const mine = res.overrides.filter((o) => targets.get(o.id)?.includes(p.id));
  if (!mine.length) W.text('Không có lần sửa tay nào: điểm là kết quả đọc của máy.');
  for (const o of mine) {
    const later = mine.find((x) => x.id > o.id && x.field === o.field && x.question === o.question);
    W.text(
      `#${o.id} ${overrideWhat(o)}: máy đọc "${o.read_value ?? ''}" → sửa thành "${o.value}" · người sửa: ${o.by} · lúc ${o.at.replace('T', ' ').slice(0, 19)} UTC · lý do: ${o.reason}${later ? ` (đã được thay bằng #${later.id})` : ''}`,
      { size: 10 },
    );
  }

  const complaints = allComplaints(ws).filter((c) => (c.serial && c.serial === sheet.serial) || (!c.serial && c.page_ref === sheet.pageRef));
  W.heading('4. Khiếu nại về phiếu này');
  if (!complaints.length) W.text('Chưa có đơn khiếu nại nào được ghi nhận.');
  for (const c of complaints) {
    const qs = c.questions ? ` (câu ${(JSON.parse(c.questions) as number[]).join(', ')})` : '';
    W.text(
      `Đơn số ${c.id}, nhận ngày ${formatDay(c.received_on)} từ ${c.submitted_by}: về ${SUBJECT_VI[c.subject]}${qs} — ${c.text}. Hạn giải quyết ${formatDay(c.deadline)}. ` +
        (c.status === 'resolved' ? `Đã giải quyết ngày ${formatDay(c.resolved_on!)} (${c.resolved_by}): ${c.resolution}${c.score_before !== c.score_after ? ` — điểm ${c.score_before ?? '—'} → ${c.score_after ?? '—'}` : ''}.` : 'Đang giải quyết.'),
      { size: 10 },
    );
  }

  W.heading('5. Dấu vân tay SHA-256 (để đối chiếu sau này)');
  const mono = { size: 9 };
  W.text(`Tệp ảnh quét ${p.source}: ${p.fileSha256} (ghi nhận khi đọc)`, mono);
  if (!scan.file) W.text('Không tìm thấy tệp ảnh quét ở đường dẫn đã ghi nhận: phần ảnh dưới đây bị thiếu.', { ...mono, color: RED });
  else if (scan.sha256 === p.fileSha256) W.text(`Tệp hiện có ${scan.file}: ${scan.sha256} — khớp.`, { ...mono, color: GREEN });
  else W.text(`Tệp hiện có ${scan.file}: ${scan.sha256} — KHÔNG KHỚP: tệp đã bị thay đổi sau khi đọc.`, { ...mono, color: RED });
  if (keyInfo) W.text(`Đáp án mã đề ${keyInfo.examCode}: dấu vân tay ${keyInfo.fingerprint}`, mono);
  for (const k of keyFiles) W.text(`Tệp đáp án ${k.name}: ${k.sha256}`, mono);
  W.text(`Cơ sở dữ liệu kỳ thi ${DB_FILE} lúc lập hồ sơ: ${databaseSha256}`, mono);
  W.text(`Ảnh chú thích: ${annotatedHow === 'stored' ? `ảnh lưu khi đọc (${p.annotated})` : annotatedHow === 'redrawn' ? 'vẽ lại từ ảnh quét' : 'không có'}.`, mono);

  // ---- pictures
  const scanImg = scanJpeg ? await doc.embedJpg(scanJpeg) : null;
  W.imagePage(`6. Ảnh quét như đã nhận (${p.source}, trang ${p.page})`, scanImg, 'Không có ảnh quét (tệp không tìm thấy hoặc đã bị thay đổi).');
  const annImg = annotated ? await doc.embedJpg(annotated) : null;
  W.imagePage('7. Ảnh chú thích: xanh lá = ô máy đọc là đã tô; cam/đỏ = nhóm cần người xem; ô xanh dương = dấu định vị', annImg, 'Không có ảnh chú thích.');

  // ---- the answers
  W.newPage();
  W.text(`8. Bài làm: ${res.template.answers.questions} câu, độ đậm đo được từng ô, so với đáp án mã đề ${examCode ?? '—'}`, { size: 12.5, font: fonts.bold });
  W.text('Độ đậm: 0 = giấy trắng, 1 = đen hoàn toàn, so với các ô trống của chính tờ phiếu. "Sửa tay" là giá trị người sửa (nếu có).', { size: 9, font: fonts.italic });
  W.gap(4);
  const options = res.template.answers.options;
  const xs = [M.left, M.left + 30, M.left + 62, ...options.map((_, i) => M.left + 100 + i * 34), M.left + 100 + options.length * 34 + 6, M.left + 100 + options.length * 34 + 66, M.left + 100 + options.length * 34 + 116, M.left + 100 + options.length * 34 + 160];
  const header = ['Câu', 'Phần', 'Máy đọc', ...options, 'Cờ', 'Sửa tay', 'Đáp án', 'Kết quả'];
  W.cells(xs, header, { font: fonts.bold });
  W.rule();
  for (let q = 1; q <= res.template.answers.questions; q++) {
    if (W.y + 14 > A4.h - M.bottom) {
      W.newPage();
      W.cells(xs, header, { font: fonts.bold });
      W.rule();
    }
    const g = p.result.groups?.[`q${q}`];
    const qr = sc?.questions.find((x) => x.question === q);
    const fills = options.map((_, i) => (g?.fill[i] !== undefined ? g.fill[i].toFixed(2) : '—'));
    const flag = g?.flagged ? (REASON_VI[g.reason ?? ''] ?? g.reason ?? 'cần xem') : '';
    const status = qr ? STATUS_VI[qr.status] : '';
    const values = [String(q), qr ? String(qr.part) : '', g?.value || '(trống)', ...fills, flag, qr?.override ? qr.override.value || '(trống)' : '', qr?.key ?? '', status];
    const colors = values.map((_, i) => (i === values.length - 1 ? (qr?.status === 'correct' ? GREEN : RED) : i >= 3 && i < 3 + options.length && g && g.value.includes(options[i - 3]) ? GREEN : undefined));
    W.cells(xs, values, { colors, font: fonts.regular });
  }

  const pdf = await doc.save();
  return {
    pdf,
    facts: {
      serial: sheet.serial,
      sbd: sheet.sbd,
      hoTen: sheet.hoTen,
      examCode,
      total: sc?.total ?? null,
      max: sc?.max ?? null,
      parts: sc?.parts.map((x) => ({ title: x.title, score: x.score, max: x.max })) ?? [],
      band: row?.band ?? null,
      scan: { source: p.source, page: p.page, recordedSha256: p.fileSha256, file: scan.file, sha256: scan.sha256, matches: scan.sha256 === p.fileSha256 },
      keys: keyInfo ? { examCode: keyInfo.examCode, fingerprint: keyInfo.fingerprint, files: keyFiles } : null,
      databaseSha256,
      overrides: mine.length,
      annotated: annotatedHow,
      madeAt: made.toISOString(),
    },
  };
}
