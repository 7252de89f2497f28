import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { openPdf } from '../pdf/rasterize.js';
import { numbered, renderDocx, renderPdf, type AdminDocument } from './index.js';

export function sampleDocument(rows = 45): AdminDocument {
  return {
    title: 'Báo cáo thử',
    superior: 'ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN',
    issuer: 'HỘI ĐỒNG KIỂM TRA, SÁT HẠCH',
    number: 'Số:      /BC-HĐKTSH',
    placeDate: 'Phong Điền, ngày 20 tháng 6 năm 2025',
    kind: 'BÁO CÁO',
    subject: ['Kết quả kỳ kiểm tra, sát hạch định kỳ', 'cán bộ, công chức cấp xã năm 2025'],
    to: ['Kính gửi: Chủ tịch Ủy ban nhân dân huyện Phong Điền'],
    body: [
      { kind: 'heading', text: 'I. TÌNH HÌNH CHUNG' },
      {
        kind: 'paragraph',
        text: 'Thực hiện Kế hoạch ban hành kèm theo Quyết định số 2073/QĐ-UBND ngày 18 tháng 9 năm 2024 của Ủy ban nhân dân thành phố Cần Thơ, Hội đồng kiểm tra, sát hạch báo cáo kết quả kỳ kiểm tra, sát hạch như sau.',
      },
      { kind: 'paragraph', text: [{ text: 'Xếp loại Tốt: ', bold: true }, { text: '12 người; ' }, { text: 'ghi chú nghiêng', italic: true }] },
      { kind: 'chart', title: 'Kết quả theo xếp loại', categories: ['Tốt', 'Khá', 'Trung bình', 'Không đạt'], series: [{ name: 'Nhóm 1', values: [3, 5, 2, 1] }, { name: 'Nhóm 2', values: [1, 4, 3, 0] }] },
      numbered(
        [{ title: 'Họ và tên', width: 4 }, { title: 'Đơn vị', width: 4 }, { title: 'Điểm', width: 1.2, align: 'center' }],
        Array.from({ length: rows }, (_, i) => [`Nguyễn Thị Ánh Tuyết ${i + 1}`, 'UBND xã Phong Hiền, huyện Phong Điền', String(50 + (i % 50))]),
        ['Tổng cộng', '', String(rows)],
      ),
    ],
    recipients: ['Chủ tịch UBND huyện (để báo cáo);', 'Phòng Nội vụ;', 'Lưu: VT, HĐ.'],
    signatures: [{ role: ['TM. HỘI ĐỒNG', 'CHỦ TỊCH'], name: 'Trần Văn Bình' }, { role: ['THƯ KÝ'], name: 'Lê Thị Hoa' }],
  };
}

function zipEntry(bytes: Uint8Array, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (er, s) => {
          if (er) return reject(er);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${names.join(', ')}`)));
      zip.readEntry();
    });
  });
}

describe('documents', () => {
  it('PDF: header, exact Vietnamese text, a table that breaks across pages with its header repeated, page numbers', async () => {
    const pdf = await openPdf(await renderPdf(sampleDocument()));
    try {
      expect(pdf.numPages).toBeGreaterThanOrEqual(3);
      const first = await pdf.pageText(1);
      for (const s of ['ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'Kính gửi:']) {
        expect(first.replace(/\s+/g, ' ')).toContain(s.split(' ')[0]);
      }
      expect(first).toContain('Số:');
      for (let p = 2; p <= pdf.numPages; p++) {
        const t = await pdf.pageText(p);
        expect(t.split(/\s+/)).toContain(String(p));
      }
      const second = await pdf.pageText(2);
      expect(second).toContain('STT'); // header repeated
      expect(second).toContain('Họ');
      const last = await pdf.pageText(pdf.numPages);
      expect(last).toContain('Nơi');
      expect(last).toContain('Trần');
    } finally {
      await pdf.close();
    }
  });

  it('.docx: Times New Roman, the same text, a repeated table header, a native chart', async () => {
    const bytes = await renderDocx(sampleDocument(5));
    const xml = await zipEntry(bytes, 'word/document.xml');
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(xml).toContain('Kết quả kỳ kiểm tra, sát hạch định kỳ');
    expect(xml).toContain('<w:tblHeader');
    expect(xml).toContain('Times New Roman');
    expect(xml).toContain('Nguyễn Thị Ánh Tuyết 5');
    const chart = await zipEntry(bytes, 'word/charts/chart1.xml');
    expect(chart).toContain('Không đạt');
  });
});
