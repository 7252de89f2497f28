import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralise, toCsv } from './csv.js';
import { tablesToXlsx } from './xlsx.js';

describe('CSV for Excel', () => {
  it('starts with a BOM, ends lines with CRLF, quotes cells with line breaks', () => {
    const csv = toCsv(['Họ và tên', 'Ghi chú'], [['Nguyễn Văn An', 'a\nb'], ['Trần, Bình', 'x"y']]);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv).toBe('\uFEFFHọ và tên,Ghi chú\r\nNguyễn Văn An,"a\nb"\r\n"Trần, Bình","x""y"\r\n');
  });

  it('neutralises text cells that a spreadsheet would run as formulas', () => {
    const cells = ['=1+1', '+84 912', '-2', '@SUM(A1)', '\tx', '\rx', 'An', "'=kept"];
    expect(cells.map(neutralise)).toEqual(["'=1+1", "'+84 912", "'-2", "'@SUM(A1)", "'\tx", "'\rx", 'An', "'=kept"]);
    const csv = toCsv(['a', 'b', 'c'], [['=HYPERLINK("http://evil","x")', -0.25, null]]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://evil"",""x"")",-0.25,`);
  });

  it('the workbook keeps SBD and mã đề as text', async () => {
    const bytes = await tablesToXlsx([{ name: 't', sheet: 'Kết quả', headers: ['Số báo danh', 'Tổng điểm'], rows: [['000123', 95]], textColumns: [0] }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Kết quả')!;
    expect(ws.getCell('A1').value).toBe('Số báo danh');
    expect(ws.getCell('A2').value).toBe('000123');
    expect(ws.getCell('B2').value).toBe(95);
  });
});
