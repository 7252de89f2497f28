/**
 * Administrative documents of the exam council (báo cáo, thông báo, danh sách), built as data
 * and rendered to PDF and .docx from the same model, laid out per Nghị định 30/2020/NĐ-CP
 * (Phụ lục I) as GUIDE §7 describes.
 *
 * Build a document (every field is plain data, see ./model.ts):
 *
 *   import { renderPdf, renderDocx, writeDocument, type AdminDocument } from '../documents/index.js';
 *   const doc: AdminDocument = {
 *     title: 'Báo cáo kết quả sát hạch 2025',             // PDF/DOCX metadata
 *     superior: 'ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN',       // regular capitals, top left
 *     issuer: 'HỘI ĐỒNG KIỂM TRA, SÁT HẠCH',             // bold capitals + short rule
 *     number: 'Số:      /BC-HĐKTSH',                     // under the issuer
 *     placeDate: 'Phong Điền, ngày 20 tháng 6 năm 2025', // italics, under the national motto
 *     kind: 'BÁO CÁO',                                   // bold capitals, centred
 *     subject: ['Kết quả kỳ kiểm tra, sát hạch …'],       // bold, centred, one entry per line
 *     to: ['Kính gửi: Chủ tịch Ủy ban nhân dân huyện'],   // optional
 *     body: [
 *       { kind: 'heading', text: 'I. TÌNH HÌNH CHUNG' },
 *       { kind: 'paragraph', text: 'Thực hiện …' },        // justified, first-line indent
 *       { kind: 'paragraph', text: [{ text: 'Tốt: ', bold: true }, { text: '12 người' }] },
 *       { kind: 'table', columns: [{ title: 'STT', width: 1, align: 'center' }, …],
 *         rows: [['1', …]], total: ['', 'Tổng cộng', …] },   // header repeats on each page
 *       { kind: 'chart', title: '…', categories: ['Tốt', …], series: [{ name: 'Số người', values: [3, …] }] },
 *     ],
 *     recipients: ['Như trên;', 'Lưu: VT, HĐ.'],         // "Nơi nhận:" bottom left
 *     signatures: [{ role: ['TM. HỘI ĐỒNG', 'CHỦ TỊCH'], name: 'Nguyễn Văn A' }],  // first = right
 *   };
 *   const pdf = await renderPdf(doc);     // Uint8Array
 *   const docx = await renderDocx(doc);   // Uint8Array
 *   await writeDocument(doc, 'out/bao-cao');   // writes out/bao-cao.pdf and out/bao-cao.docx atomically
 *
 * The header block and the national motto are always drawn; the page number is centred in the
 * top margin from page 2 on. Tables number their rows themselves only if you put STT in them
 * (`numbered()` does it). With two or more signatures the others go on the left and "Nơi nhận"
 * under them.
 */
import { writeFileAtomic } from '../util/atomic.js';
import type { AdminDocument, Column, TableBlock } from './model.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';

export type { AdminDocument, Block, ChartBlock, Column, Inline, Run, Signature, TableBlock } from './model.js';
export { plain } from './model.js';
export { renderPdf } from './pdf.js';
export { renderDocx } from './docx.js';

/** A table with an STT column first: rows numbered 1, 2, 3 … */
export function numbered(columns: Column[], rows: string[][], total?: string[]): TableBlock {
  return {
    kind: 'table',
    columns: [{ title: 'STT', width: 0.8, align: 'center' }, ...columns],
    rows: rows.map((r, i) => [String(i + 1), ...r]),
    ...(total ? { total: ['', ...total] } : {}),
  };
}

/** Render both forms and write `<base>.pdf` and `<base>.docx` atomically; returns the two paths. */
export async function writeDocument(doc: AdminDocument, base: string): Promise<{ pdf: string; docx: string }> {
  const [pdf, docx] = await Promise.all([renderPdf(doc), renderDocx(doc)]);
  const out = { pdf: `${base}.pdf`, docx: `${base}.docx` };
  await writeFileAtomic(out.pdf, pdf);
  await writeFileAtomic(out.docx, docx);
  return out;
}
